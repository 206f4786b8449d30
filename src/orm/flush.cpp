// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "../core/logging_p.h"
#include "../engine/result_p.h"
#include "relationship_p.h"
#include "session_p.h"

#include <QtCore/QMetaMethod>
#include <QtCore/QScopeGuard>
#include <QtCore/QVarLengthArray>

#include <algorithm>

using namespace Qt::StringLiterals;

/*
    The flush: SQLAlchemy's persistence.py in C++. Nothing is written into the
    objects until every statement has succeeded, so a failure leaves them as
    they were; the database is rolled back by the caller's transaction level.
*/

namespace Qorm {
//! \cond internal

namespace {

constexpr int maxRowsPerInsert = 1000;
constexpr int maxKeysPerDelete = 500;
constexpr qsizetype minimumRangeDelete = 16; // consecutive keys deleted by BETWEEN
constexpr int maxRowsPerUpdate = 50;

// Roles of a placeholder in a statement shape (StatementShape::binds.first).
enum BindRole { NewValue = -1, OldKey = -2, OldVersion = -3 };

struct InsertRow
{
    Instance *instance = nullptr;
    ClassState *cls = nullptr; // instance->cls, kept here: the instance is cold memory
    QVariantList values;       // per column, in the property's type
    QList<bool> included;
    QList<int> fetch; // columns the database fills in
    QList<int> write; // columns whose value the object does not have yet
};

struct UpdateRow
{
    Instance *instance = nullptr;
    ClassState *cls = nullptr;
    QList<int> columns;  // SET, in column order
    QVariantList values; // per column: the new values
    QVariantList key;    // the key in the database (the snapshot's)
    QVariant oldVersion;
    QList<int> write; // columns whose value the object does not have yet
    bool keyChanged = false;
};

QString maskKey(const QList<bool> &mask)
{
    QString key;
    key.reserve(mask.size());
    for (bool included : mask)
        key += included ? u'1' : u'0';
    return key;
}

QString columnsKey(const QList<int> &columns)
{
    QString key;
    for (int column : columns) {
        key += QString::number(column);
        key += u',';
    }
    return key;
}

// Parses the "r<row>c<column>" / "k<n>" / "v" names of a shape's placeholders.
bool parseBinds(const QStringList &names, StatementShape *shape)
{
    shape->binds.clear();
    shape->binds.reserve(names.size());
    for (const QString &name : names) {
        if (name.startsWith(u'r') && name.endsWith(u'k')) {
            shape->binds.append({ name.mid(1, name.size() - 2).toInt(), -1 }); // row's old key
        } else if (name.startsWith(u'r')) {
            const qsizetype c = name.indexOf(u'c');
            shape->binds.append({ name.mid(1, c - 1).toInt(), name.mid(c + 1).toInt() });
        } else if (name.startsWith(u'n')) {
            shape->binds.append({ NewValue, name.mid(1).toInt() });
        } else if (name.startsWith(u'k')) {
            shape->binds.append({ OldKey, name.mid(1).toInt() });
        } else if (name == u"v"_s) {
            shape->binds.append({ OldVersion, 0 });
        } else {
            return false;
        }
    }
    return true;
}

QVariant defaultValue(const ColumnDefault &value)
{
    return value.kind() == ColumnDefault::Value || value.kind() == ColumnDefault::Callable
            ? value.value()
            : QVariant();
}

// The value bound for a column: an integer foreign key of 0 is "no row", NULL.
QVariant bound(const Dialect &dialect, const ColumnSlot &slot, const QVariant &value)
{
    if (slot.zeroIsNull && value.toLongLong() == 0)
        return QVariant();
    // The common cases every driver binds as they are: skip the dialect's conversion.
    switch (slot.kind) {
    case SqlType::String:
    case SqlType::Text:
        if (value.typeId() == QMetaType::QString)
            return value;
        break;
    case SqlType::Integer:
    case SqlType::BigInteger:
        if (value.typeId() == QMetaType::LongLong || value.typeId() == QMetaType::Int)
            return value;
        break;
    default:
        break;
    }
    return dialect.toDatabaseValue(value, slot.type);
}

// Sorts rows by primary key; integer keys without QVariant comparisons.
template<typename Row, typename KeyOf>
void sortByKey(const ClassState *cls, QList<Row *> &rows, KeyOf keyOf)
{
    if (cls->integerKey) {
        std::vector<std::pair<qint64, Row *>> keyed;
        keyed.reserve(size_t(rows.size()));
        for (Row *row : std::as_const(rows))
            keyed.emplace_back(keyOf(row, 0).toLongLong(), row);
        std::sort(keyed.begin(), keyed.end(),
                  [](const auto &a, const auto &b) { return a.first < b.first; });
        for (qsizetype i = 0; i < rows.size(); ++i)
            rows[i] = keyed[size_t(i)].second;
        return;
    }
    std::vector<std::pair<QVariantList, Row *>> keyed;
    keyed.reserve(size_t(rows.size()));
    for (Row *row : std::as_const(rows)) {
        QVariantList key;
        for (qsizetype i = 0; i < cls->primaryKey.size(); ++i)
            key.append(keyOf(row, i));
        keyed.emplace_back(key, row);
    }
    std::stable_sort(keyed.begin(), keyed.end(), [](const auto &a, const auto &b) {
        for (qsizetype i = 0; i < a.first.size(); ++i) {
            const QPartialOrdering order = QVariant::compare(a.first.at(i), b.first.at(i));
            if (order == QPartialOrdering::Less)
                return true;
            if (order == QPartialOrdering::Greater)
                return false;
        }
        return false;
    });
    for (qsizetype i = 0; i < rows.size(); ++i)
        rows[i] = keyed[size_t(i)].second;
}

// "key = :k0 [AND ...] [AND version = :v]": one row, as the database had it.
Expression rowCondition(const ClassState *cls, bool versioned)
{
    QList<Expression> conditions;
    for (qsizetype i = 0; i < cls->primaryKey.size(); ++i) {
        conditions.append(cls->table.column(cls->columns.at(cls->primaryKey.at(i)).column)
                          == parameter(u"k%1"_s.arg(i)));
    }
    if (versioned) {
        conditions.append(cls->table.column(cls->columns.at(cls->version).column)
                          == parameter(u"v"_s));
    }
    return conditions.size() == 1 ? conditions.first() : allOf(conditions);
}

} // namespace

class Flush
{
public:
    explicit Flush(SessionPrivate *d) : d(d), dialect(d->dialect) { }

    bool gather();
    bool run(bool handlers);

private:
    void planInsert(Instance *instance);
    void planUpdate(Instance *instance, const QList<int> &modified, QVariantList current);
    bool insertClass(ClassState *cls, const QList<InsertRow *> &rows);
    bool insertBatch(ClassState *cls, const QList<InsertRow *> &rows, bool returning);
    bool fetchAfterInsert(ClassState *cls, const QList<InsertRow *> &rows);
    bool updateClass(ClassState *cls, QList<UpdateRow *> rows);
    bool updateBatch(ClassState *cls, const QList<UpdateRow *> &rows);
    bool deleteClass(ClassState *cls, QList<Instance *> rows);
    const StatementShape *shape(ClassState *cls, const QString &key,
                                const std::function<Statement()> &build);
    Result execute(const StatementShape &shape, const QVariantList &values);
    bool autoIncrementStep(int *step);
    bool rowidKey(ClassState *cls);
    void rowidKeyBeforeBegin();
    void apply();
    bool failed(const Error &error)
    {
        error_ = error;
        return false;
    }

public:
    SessionPrivate *d;
    Dialect dialect;
    Error error_;
    std::vector<InsertRow> inserts;
    std::vector<UpdateRow> updates;
    QList<Instance *> deletes;
    // Foreign keys whose value is the generated key of an object this flush inserts.
    QList<SessionPrivate::Fixup> fixups;
    qsizetype syncedFixups = 0; // those of syncForeignKeys(), before gather() adds its own
    bool syncFailed = false;    // gather() found a reference it cannot write
    bool insertWithFixups(ClassState *cls, const QList<InsertRow *> &rows);
    bool writeAssociations(bool inserts);
    QVariant keyNow(Instance *instance) const;
    bool updateFromFixups(ClassState *cls);
    QVariant fixupKey(const SessionPrivate::Fixup &fixup) const;
    // The insert row of a pending object: `hint` is its index in pending when known (rows
    // are planned in pending order), checked; else a lookup (built on first need).
    InsertRow *insertRowOf(const Instance *instance, qsizetype hint = -1) const;
    mutable QHash<const Instance *, InsertRow *> insertOf;
    // New holders' fixups per insert row: a chain through nextFixup, -1 ending it.
    void linkFixups();
    std::vector<qsizetype> firstFixup; // per insert row
    std::vector<qsizetype> nextFixup;  // per fixup
};

// ---------------------------------------------------------------------------------------------

bool Flush::gather()
{
    inserts.clear();
    updates.clear();
    deletes.clear();
    inserts.reserve(size_t(d->pending.size()));
    // New objects' references become foreign keys (or fixups) just before their rows read
    // them: each new object is visited once. Planned again, they are read again.
    fixups.resize(syncedFixups);
    SessionPrivate::TargetCache cache;
    for (qsizetype i = 0; i < d->pending.size(); ++i) {
        Instance *instance = d->pending.at(i);
        if (d->relationsInUse && !instance->cls->relations.isEmpty()
            && !d->syncReferences(instance, i, &fixups, &cache)) {
            syncFailed = true;
            return false;
        }
        planInsert(instance);
    }
    // Reused: a list is allocated again only after an UPDATE row took the previous one.
    QVariantList current;
    for (ClassState *cls : std::as_const(d->classOrder)) {
        // The diff against the snapshot; the values read are the ones an UPDATE binds.
        const auto visit = [&](Instance *instance) {
            if (instance->markedForDeletion) {
                deletes.append(instance);
                return;
            }
            const QList<int> modified = d->modifiedColumns(instance, &current);
            if (!modified.isEmpty())
                planUpdate(instance, modified, std::move(current));
        };
        cls->forEachPersistent(visit);
    }
    return !inserts.empty() || !updates.empty() || !deletes.isEmpty();
}

void Flush::planInsert(Instance *instance)
{
    ClassState *cls = instance->cls;
    const qsizetype n = cls->columns.size();
    InsertRow row;
    row.instance = instance;
    row.cls = cls;
    row.values.reserve(n);
    // Built on the stack, then shared with the previous row when equal (they nearly always
    // are): a row then costs no allocation beyond its values.
    QVarLengthArray<bool, 32> included(n, true);
    QVarLengthArray<int, 8> fetch;
    QVarLengthArray<int, 8> write;
    for (qsizetype i = 0; i < n; ++i) {
        const ColumnSlot &slot = cls->columns.at(i);
        QVariant value = readProperty(slot, instance->object);
        if (slot.generatedKey && (isNullValue(value) || value.toLongLong() == 0)) {
            included[i] = false;
            fetch.append(int(i));
            write.append(int(i));
        } else if (slot.version && (isNullValue(value) || value.toLongLong() == 0)) {
            value = normalizedValue(slot, 1);
            write.append(int(i));
        } else if (isNullValue(value) && slot.clientDefault.isValid()) {
            if (slot.clientDefault.kind() == ColumnDefault::SqlExpression) {
                included[i] = false;
                fetch.append(int(i));
            } else {
                value = normalizedValue(slot, defaultValue(slot.clientDefault));
            }
            write.append(int(i));
        } else if (isNullValue(value) && slot.serverDefault) {
            included[i] = false;
            fetch.append(int(i));
            write.append(int(i));
        }
        row.values.append(value);
    }
    const auto same = [](const auto &list, const auto &array) {
        return list.size() == array.size()
                && std::equal(array.cbegin(), array.cend(), list.cbegin());
    };
    if (!inserts.empty() && inserts.back().cls == cls) {
        const InsertRow &previous = inserts.back();
        if (same(previous.included, included))
            row.included = previous.included;
        if (same(previous.fetch, fetch))
            row.fetch = previous.fetch;
        if (same(previous.write, write))
            row.write = previous.write;
    }
    if (row.included.size() != n)
        row.included = QList<bool>(included.cbegin(), included.cend());
    if (row.fetch.size() != fetch.size())
        row.fetch = QList<int>(fetch.cbegin(), fetch.cend());
    if (row.write.size() != write.size())
        row.write = QList<int>(write.cbegin(), write.cend());
    inserts.push_back(std::move(row));
}

void Flush::planUpdate(Instance *instance, const QList<int> &modified, QVariantList current)
{
    ClassState *cls = instance->cls;
    UpdateRow row;
    row.instance = instance;
    row.cls = instance->cls;
    const qsizetype n = cls->columns.size();
    row.values = std::move(current);
    row.columns = modified;
    for (qsizetype i = 0; i < n; ++i) {
        const ColumnSlot &slot = cls->columns.at(i);
        if (slot.onUpdate.isValid() && slot.onUpdate.kind() != ColumnDefault::SqlExpression
            && !row.columns.contains(int(i))) {
            row.values[i] = normalizedValue(slot, defaultValue(slot.onUpdate));
            row.columns.append(int(i));
            row.write.append(int(i));
        }
    }
    if (cls->version >= 0) {
        const QVariant &old = instance->snapshot()[cls->version];
        row.oldVersion = old.isValid() ? old : row.values.at(cls->version);
        row.values[cls->version] =
                normalizedValue(cls->columns.at(cls->version), row.oldVersion.toLongLong() + 1);
        if (!row.columns.contains(cls->version))
            row.columns.append(cls->version);
        row.write.append(cls->version);
    }
    std::sort(row.columns.begin(), row.columns.end());
    // Consecutive rows mostly change the same columns: sharing the lists makes comparing
    // them (grouping, batching) a pointer compare.
    if (!updates.empty() && updates.back().instance->cls == cls) {
        const UpdateRow &previous = updates.back();
        if (previous.columns == row.columns)
            row.columns = previous.columns;
        if (previous.write == row.write)
            row.write = previous.write;
    }
    for (int index : std::as_const(cls->primaryKey)) {
        row.key.append(instance->snapshot()[index]);
        if (row.columns.contains(index))
            row.keyChanged = true;
    }
    updates.push_back(std::move(row));
}

const StatementShape *Flush::shape(ClassState *cls, const QString &key,
                                   const std::function<Statement()> &build)
{
    auto it = cls->shapes.find(key);
    if (it == cls->shapes.end()) {
        StatementShape shape;
        const Statement statement = build();
        const CompiledStatement compiled = dialect.compile(statement);
        if (!compiled.isValid()) {
            shape.error = compiled.error();
        } else {
            shape.sql = compiled.sql();
            shape.kind = compiled.kind();
            shape.resultNames = compiled.resultNames();
            shape.resultTypes = compiled.resultTypes();
            if (!parseBinds(compiled.parameterNames(), &shape))
                shape.error = Error(Error::InvalidRequestError,
                                    u"internal: unexpected placeholders in %1"_s.arg(shape.sql));
        }
        it = cls->shapes.insert(key, shape);
    }
    if (it->error.isValid()) {
        failed(it->error);
        return nullptr;
    }
    return &*it;
}

Result Flush::execute(const StatementShape &shape, const QVariantList &values)
{
    CompiledStatement statement(shape.sql, values);
    statement.setKind(shape.kind);
    statement.setDialect(dialect.type());
    statement.setResultColumns(shape.resultNames, shape.resultTypes);
    statement.setReturnsRows(!shape.resultNames.isEmpty());
    return d->connection.execute(statement);
}

// ---------------------------------------------------------------------------------------------
// INSERT

bool Flush::insertClass(ClassState *cls, const QList<InsertRow *> &rows)
{
    // Consecutive rows with the same columns share a statement (SQLAlchemy groups the same way).
    const bool mysql = dialect.type() == DialectType::MySQL;
    const bool sqlite = dialect.type() == DialectType::SQLite;
    const bool canReturn = !mysql && dialect.supportsReturning(Statement::InsertStatement);
    qsizetype start = 0;
    while (start < rows.size()) {
        const QList<bool> &mask = rows.at(start)->included;
        qsizetype end = start + 1;
        while (end < rows.size() && rows.at(end)->included == mask)
            ++end;
        const int columns = int(std::count(mask.cbegin(), mask.cend(), true));
        int perStatement = std::clamp(dialect.maxBoundParameters() / std::max(1, columns), 1,
                                      maxRowsPerInsert);
        const bool needsKey = cls->generatedKey >= 0 && !mask.at(cls->generatedKey);
        const QList<int> &fetch = rows.at(start)->fetch;
        // SQLite numbers the rows of one INSERT consecutively after the table's largest rowid,
        // so when the generated rowid is all there is to read back, the last one tells them
        // all: RETURNING costs a fifth of an insert there. (Checked per table, see below.)
        const bool lastRowid = sqlite && needsKey && fetch.size() == 1
                && fetch.first() == cls->generatedKey && rowidKey(cls);
        const bool returning = canReturn && !lastRowid;
        if (needsKey && !returning && !lastRowid) {
            // MySQL: only the first id of a multi-row INSERT comes back; the others follow it
            // by auto_increment_increment when the server hands out consecutive ids.
            int step = 0;
            if (!mysql || !autoIncrementStep(&step))
                perStatement = 1;
        }
        for (qsizetype batch = start; batch < end; batch += perStatement) {
            const QList<InsertRow *> part =
                    rows.mid(batch, std::min<qsizetype>(perStatement, end - batch));
            if (!insertBatch(cls, part, returning))
                return false;
        }
        start = end;
    }
    return fetchAfterInsert(cls, rows);
}

/*
    Whether the class's generated key is SQLite's rowid and nothing else numbers the table's
    rows: one INTEGER PRIMARY KEY column (an alias of the rowid), a rowid table, no trigger.
    Asked once per session and class. Not knowing means no: RETURNING stays.
*/
bool Flush::rowidKey(ClassState *cls)
{
    if (cls->rowidKey >= 0)
        return cls->rowidKey == 1;
    cls->rowidKey = 0;
    if (!cls->table.schema().isEmpty())
        return false;
    const QString column = cls->columns.at(cls->generatedKey).column;
    Result result = d->connection.execute(
            TextSql(u"SELECT (SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND "
                    u"tbl_name = :table), (SELECT count(*) FROM pragma_table_info(:table) WHERE "
                    u"pk > 0), (SELECT upper(type) FROM pragma_table_info(:table) WHERE pk = 1 "
                    u"AND name = :column), (SELECT sql FROM sqlite_master WHERE type = 'table' "
                    u"AND name = :table)"_s)
                    .bind({ { u"table"_s, cls->table.name() }, { u"column"_s, column } }));
    if (!result.error().isValid() && result.next()) {
        const bool withoutRowid =
                result.value(3).toString().contains(u"WITHOUT ROWID"_s, Qt::CaseInsensitive);
        if (result.value(0).toInt() == 0 && result.value(1).toInt() == 1
            && result.value(2).toString() == u"INTEGER"_s && !withoutRowid)
            cls->rowidKey = 1;
    }
    result.close();
    return cls->rowidKey == 1;
}

/*
    SQLite: a deferred BEGIN takes no lock, the transaction's first statement does. Were that
    statement rowidKey()'s SELECT, the transaction would hold a read lock that its first INSERT
    must upgrade, and SQLite refuses such an upgrade at once when another connection is writing
    (SQLITE_BUSY, "database is locked": waiting could deadlock, so the busy timeout does not
    apply). So when the flush would begin with that question, it is asked before BEGIN (in
    autocommit mode, where the busy timeout covers it), and the transaction begins with a
    write. Later questions come after a write and need nothing. The statements are the same,
    in the same order; only BEGIN moves after the first question.
*/
void Flush::rowidKeyBeforeBegin()
{
    // The first class in foreign-key order with rows to write writes first (see run()).
    for (ClassState *cls : std::as_const(d->classOrder)) {
        for (const UpdateRow &row : updates) {
            if (row.cls == cls)
                return; // an UPDATE comes first
        }
        for (const SessionPrivate::Fixup &fixup : std::as_const(fixups)) {
            if (fixup.holderClass == cls)
                return; // updateFromFixups() or rows in an order of their own
        }
        const auto first = std::find_if(inserts.cbegin(), inserts.cend(),
                                        [cls](const InsertRow &row) { return row.cls == cls; });
        if (first == inserts.cend())
            continue;
        // insertClass()'s test for its first group of rows.
        if (cls->generatedKey >= 0 && !first->included.at(cls->generatedKey)
            && first->fetch.size() == 1 && first->fetch.first() == cls->generatedKey)
            (void)rowidKey(cls);
        return;
    }
}

bool Flush::autoIncrementStep(int *step)
{
    // Read once per session: auto_increment_increment, and whether ids are consecutive.
    if (d->autoIncrementStep == 0) {
        d->autoIncrementStep = -1;
        Result result = d->connection.execute(
                TextSql(u"SELECT @@auto_increment_increment, @@innodb_autoinc_lock_mode"_s));
        if (!result.error().isValid() && result.next()) {
            const int increment = result.value(0).toInt();
            // Lock mode 2 ("interleaved") may give a multi-row INSERT non-consecutive ids.
            if (increment >= 1 && result.value(1).toInt() != 2)
                d->autoIncrementStep = increment;
        }
        result.close();
    }
    *step = d->autoIncrementStep;
    return *step >= 1;
}

bool Flush::insertBatch(ClassState *cls, const QList<InsertRow *> &rows, bool returning)
{
    const QList<bool> mask = rows.first()->included; // copies: rows change theirs below
    const QList<int> fetch = rows.first()->fetch;
    const bool wantRows = returning && !fetch.isEmpty();
    const QString key = u"I%1:%2:%3"_s.arg(maskKey(mask)).arg(rows.size()).arg(wantRows);
    const StatementShape *statement = shape(cls, key, [&]() -> Statement {
        QList<QVariantMap> values;
        values.reserve(rows.size());
        for (qsizetype r = 0; r < rows.size(); ++r) {
            QVariantMap row;
            for (qsizetype c = 0; c < mask.size(); ++c) {
                if (mask.at(c))
                    row.insert(cls->columns.at(c).column,
                               QVariant::fromValue(parameter(u"r%1c%2"_s.arg(r).arg(c))));
            }
            values.append(row);
        }
        Insert insert = Qorm::insert(cls->table).values(values);
        if (wantRows) {
            QList<Expression> back;
            for (int index : cls->primaryKey)
                back.append(cls->table.column(cls->columns.at(index).column));
            for (int index : fetch) {
                if (!cls->columns.at(index).primaryKey)
                    back.append(cls->table.column(cls->columns.at(index).column));
            }
            insert = insert.returning(back);
        }
        return insert;
    });
    if (!statement)
        return false;
    QVariantList values;
    values.reserve(statement->binds.size());
    for (const auto &[r, c] : statement->binds)
        values.append(bound(dialect, cls->columns.at(c), rows.at(r)->values.at(c)));
    Result result = execute(*statement, values);
    if (result.error().isValid())
        return failed(result.error());

    const bool onlyGeneratedKey =
            wantRows && cls->generatedKey >= 0 && !mask.at(cls->generatedKey) && fetch.size() == 1;
    if (onlyGeneratedKey) {
        // The common case, kept lean: RETURNING just the generated keys. They rise in VALUES
        // order within one statement; RETURNING's row order is not promised, so they are sorted.
        std::vector<qint64> keys;
        keys.reserve(size_t(rows.size()));
        QVariantList row;
        while (result.implementation()->fetch(&row))
            keys.push_back(row.constFirst().toLongLong());
        if (result.implementation()->error.isValid())
            return failed(result.implementation()->error);
        if (qsizetype(keys.size()) != rows.size()) {
            return failed(Error(
                    Error::StatementError,
                    u"INSERT into %1 returned %2 rows for %3 objects"_s.arg(cls->table.fullName())
                            .arg(keys.size())
                            .arg(rows.size())));
        }
        std::sort(keys.begin(), keys.end());
        const ColumnSlot &keySlot = cls->columns.at(cls->generatedKey);
        for (qsizetype r = 0; r < rows.size(); ++r) {
            rows.at(r)->values[cls->generatedKey] = normalizedValue(keySlot, keys[size_t(r)]);
            rows.at(r)->fetch.clear();
        }
        return true;
    }
    if (wantRows) {
        // The key columns first, then the other fetched ones (the RETURNING list above).
        QList<int> returned = cls->primaryKey;
        for (int index : fetch) {
            if (!cls->columns.at(index).primaryKey)
                returned.append(index);
        }
        QList<QVariantList> back;
        QVariantList values;
        while (result.implementation()->fetch(&values))
            back.append(values);
        if (result.implementation()->error.isValid())
            return failed(result.implementation()->error);
        if (back.size() != rows.size()) {
            return failed(Error(
                    Error::StatementError,
                    u"INSERT into %1 returned %2 rows for %3 objects"_s.arg(cls->table.fullName())
                            .arg(back.size())
                            .arg(rows.size())));
        }
        if (cls->generatedKey >= 0 && !mask.at(cls->generatedKey)) {
            // Generated keys rise in VALUES order within one statement; RETURNING's row order
            // is not promised, so the rows are matched by sorting the keys.
            std::sort(back.begin(), back.end(), [](const QVariantList &a, const QVariantList &b) {
                return a.first().toLongLong() < b.first().toLongLong();
            });
            for (qsizetype r = 0; r < rows.size(); ++r) {
                for (qsizetype i = 0; i < returned.size(); ++i)
                    rows.at(r)->values[returned.at(i)] =
                            normalizedValue(cls->columns.at(returned.at(i)), back.at(r).at(i));
            }
        } else {
            // Keys given by the client: match the returned rows by key.
            QHash<QString, qsizetype> byKey;
            QList<QVariant> columns(cls->columns.size());
            for (qsizetype r = 0; r < rows.size(); ++r) {
                for (int index : std::as_const(cls->primaryKey))
                    columns[index] =
                            normalizedValue(cls->columns.at(index), rows.at(r)->values.at(index));
                byKey.insert(SessionPrivate::keyString(columns.constData(), cls->primaryKey), r);
            }
            for (const QVariantList &row : std::as_const(back)) {
                for (qsizetype i = 0; i < cls->primaryKey.size(); ++i)
                    columns[cls->primaryKey.at(i)] =
                            normalizedValue(cls->columns.at(cls->primaryKey.at(i)), row.at(i));
                const qsizetype r = byKey.value(
                        SessionPrivate::keyString(columns.constData(), cls->primaryKey), -1);
                if (r < 0)
                    continue;
                for (qsizetype i = 0; i < returned.size(); ++i)
                    rows.at(r)->values[returned.at(i)] =
                            normalizedValue(cls->columns.at(returned.at(i)), row.at(i));
            }
        }
        for (InsertRow *row : rows)
            row->fetch.clear();
        return true;
    }

    if (cls->generatedKey >= 0 && !mask.at(cls->generatedKey)) {
        const QVariant id = result.lastInsertId();
        if (!id.isValid()) {
            return failed(Error(Error::StatementError,
                                u"INSERT into %1: the driver reported no generated key"_s.arg(
                                        cls->table.fullName())));
        }
        // MySQL reports the first id of a multi-row INSERT, SQLite the last.
        int step = 1;
        qint64 first = id.toLongLong();
        if (dialect.type() == DialectType::SQLite)
            first -= rows.size() - 1;
        else if (rows.size() > 1)
            autoIncrementStep(&step);
        for (qsizetype r = 0; r < rows.size(); ++r) {
            rows.at(r)->values[cls->generatedKey] =
                    normalizedValue(cls->columns.at(cls->generatedKey), first + r * step);
            rows.at(r)->fetch.removeOne(cls->generatedKey);
        }
    }
    return true;
}

// Reads back what the database filled in where RETURNING was not used.
bool Flush::fetchAfterInsert(ClassState *cls, const QList<InsertRow *> &rows)
{
    // Rows with the same columns to read are read together: key IN (...) for a single-column
    // key, else one row per statement.
    const bool singleKey = cls->primaryKey.size() == 1;
    qsizetype start = 0;
    QList<InsertRow *> waiting;
    for (InsertRow *row : rows) {
        if (!row->fetch.isEmpty())
            waiting.append(row);
    }
    while (start < waiting.size()) {
        const QList<int> fetch = waiting.at(start)->fetch;
        qsizetype end = start + 1;
        while (singleKey && end < waiting.size() && end - start < maxKeysPerDelete
               && waiting.at(end)->fetch == fetch)
            ++end;
        QList<Expression> columns;
        for (int index : std::as_const(cls->primaryKey))
            columns.append(cls->table.column(cls->columns.at(index).column));
        for (int index : fetch)
            columns.append(cls->table.column(cls->columns.at(index).column));
        QHash<QString, InsertRow *> byKey;
        QList<QVariant> keyValues(cls->columns.size());
        QVariantList keys;
        for (qsizetype r = start; r < end; ++r) {
            InsertRow *row = waiting.at(r);
            for (int index : std::as_const(cls->primaryKey))
                keyValues[index] = normalizedValue(cls->columns.at(index), row->values.at(index));
            byKey.insert(SessionPrivate::keyString(keyValues.constData(), cls->primaryKey), row);
            keys.append(row->values.at(cls->primaryKey.first()));
        }
        QVariantList firstKey;
        for (int index : std::as_const(cls->primaryKey))
            firstKey.append(waiting.at(start)->values.at(index));
        const Expression where = end - start > 1
                ? cls->table.column(cls->columns.at(cls->primaryKey.first()).column).in(keys)
                : d->keyCondition(cls, firstKey);
        Result result = d->connection.execute(Qorm::select(columns).from(cls->table).where(where));
        if (result.error().isValid())
            return failed(result.error());
        while (result.next()) {
            for (qsizetype i = 0; i < cls->primaryKey.size(); ++i)
                keyValues[cls->primaryKey.at(i)] = normalizedValue(
                        cls->columns.at(cls->primaryKey.at(i)), result.value(int(i)));
            InsertRow *row =
                    byKey.take(SessionPrivate::keyString(keyValues.constData(), cls->primaryKey));
            if (!row)
                continue;
            for (qsizetype i = 0; i < fetch.size(); ++i)
                row->values[fetch.at(i)] =
                        normalizedValue(cls->columns.at(fetch.at(i)),
                                        result.value(int(cls->primaryKey.size() + i)));
            row->fetch.clear();
        }
        if (result.error().isValid())
            return failed(result.error());
        if (!byKey.isEmpty()) {
            QVariantList key;
            for (int index : std::as_const(cls->primaryKey))
                key.append(byKey.cbegin().value()->values.at(index));
            return failed(Error(Error::StatementError,
                                u"The row just inserted for %1 cannot be read back"_s.arg(
                                        SessionPrivate::describeKey(cls, key))));
        }
        start = end;
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// UPDATE

bool Flush::updateClass(ClassState *cls, QList<UpdateRow *> rows)
{
    // By key, for a deterministic lock order; then one prepared shape per set of columns.
    sortByKey(cls, rows, [](const UpdateRow *row, qsizetype i) { return row->key.at(i); });
    const bool uniform = std::all_of(rows.cbegin(), rows.cend(), [&](const UpdateRow *row) {
        return row->columns == rows.first()->columns;
    });
    if (!uniform) {
        std::stable_sort(rows.begin(), rows.end(), [](const UpdateRow *a, const UpdateRow *b) {
            return a->columns < b->columns;
        });
    }
    const bool versioned = cls->version >= 0;
    if (!versioned && cls->primaryKey.size() == 1) {
        // Rows with the same columns go in batches; a single-row batch is the plain shape.
        QList<UpdateRow *> singles;
        qsizetype start = 0;
        while (start < rows.size()) {
            qsizetype end = start + 1;
            while (end < rows.size() && rows.at(end)->columns == rows.at(start)->columns)
                ++end;
            const int perRow = int(rows.at(start)->columns.size()) * 2 + 1;
            const int perStatement =
                    std::clamp(dialect.maxBoundParameters() / perRow, 1, maxRowsPerUpdate);
            for (qsizetype batch = start; batch < end; batch += perStatement) {
                const qsizetype count = std::min<qsizetype>(perStatement, end - batch);
                // MySQL assigns SET columns left to right: a CASE after a changed key would
                // look up the new key. Key changes go one row per statement everywhere.
                QList<UpdateRow *> part = rows.mid(batch, count);
                part.removeIf([&](UpdateRow *row) {
                    if (row->keyChanged)
                        singles.append(row);
                    return row->keyChanged;
                });
                if (part.size() == 1)
                    singles.append(part.first());
                else if (part.size() > 1 && !updateBatch(cls, part))
                    return false;
            }
            start = end;
        }
        rows = singles;
    }
    for (UpdateRow *row : std::as_const(rows)) {
        const QString key = u"U%1:%2"_s.arg(columnsKey(row->columns)).arg(versioned);
        const StatementShape *statement = shape(cls, key, [&]() -> Statement {
            Update update = Qorm::update(cls->table);
            for (int column : std::as_const(row->columns))
                update =
                        update.set(cls->columns.at(column).column, parameter(u"n%1"_s.arg(column)));
            const Expression condition = rowCondition(cls, versioned);
            return update.where(condition);
        });
        if (!statement)
            return false;
        QVariantList values;
        values.reserve(statement->binds.size());
        for (const auto &[role, index] : statement->binds) {
            switch (role) {
            case NewValue:
                values.append(bound(dialect, cls->columns.at(index), row->values.at(index)));
                break;
            case OldKey:
                values.append(dialect.toDatabaseValue(
                        row->key.at(index), cls->columns.at(cls->primaryKey.at(index)).type));
                break;
            default:
                values.append(dialect.toDatabaseValue(row->oldVersion,
                                                      cls->columns.at(cls->version).type));
                break;
            }
        }
        const Result result = execute(*statement, values);
        if (result.error().isValid())
            return failed(result.error());
        if (result.numRowsAffected() != 1) {
            return failed(Error(
                    Error::StaleDataError,
                    versioned ? u"UPDATE of %1 matched %2 rows instead of 1: another session "
                                u"changed or deleted it since version %3 was read"_s
                                        .arg(SessionPrivate::describeKey(cls, row->key))
                                        .arg(result.numRowsAffected())
                                        .arg(row->oldVersion.toString())
                              : u"UPDATE of %1 matched %2 rows instead of 1: its row was deleted "
                                u"or its key changed by someone else"_s
                                        .arg(SessionPrivate::describeKey(cls, row->key))
                                        .arg(result.numRowsAffected()),
                    QSqlError(), statement->sql, values));
        }
    }
    return true;
}

// UPDATE t SET c = CASE key WHEN k1 THEN v1 ... END, ... WHERE key IN (k1, ...): one
// statement for many rows of the same column set (unversioned, single-column keys).
bool Flush::updateBatch(ClassState *cls, const QList<UpdateRow *> &rows)
{
    const QList<int> &columns = rows.first()->columns;
    const int keyColumn = cls->primaryKey.first();
    const ColumnSlot &keySlot = cls->columns.at(keyColumn);
    const bool castValues = dialect.type() == DialectType::PostgreSQL;
    // Consecutive integer keys (rows come sorted by key): WHERE key BETWEEN first AND last
    // selects exactly them, a range walk instead of an IN list's lookups.
    bool range = cls->integerKey;
    for (qsizetype r = 1; range && r < rows.size(); ++r)
        range = rows.at(r)->key.first().toLongLong() == rows.at(0)->key.first().toLongLong() + r;
    const StatementShape *statement = shape(
            cls, u"UB%1:%2:%3"_s.arg(columnsKey(columns)).arg(rows.size()).arg(range),
            [&]() -> Statement {
                const Column key = cls->table.column(keySlot.column);
                Update update = Qorm::update(cls->table);
                for (int column : columns) {
                    const ColumnSlot &slot = cls->columns.at(column);
                    QList<std::pair<Expression, Expression>> whens;
                    for (qsizetype r = 0; r < rows.size(); ++r) {
                        Expression value = parameter(u"r%1c%2"_s.arg(r).arg(column), slot.type);
                        // PostgreSQL types CASE branches from their values: keep the column's.
                        if (castValues)
                            value = cast(value, slot.type);
                        whens.append({ parameter(u"r%1k"_s.arg(r), keySlot.type), value });
                    }
                    update = update.set(slot.column, caseOf(key, whens));
                }
                if (range) {
                    return update.where(
                            key.between(parameter(u"r0k"_s, keySlot.type),
                                        parameter(u"r%1k"_s.arg(rows.size() - 1), keySlot.type)));
                }
                QList<Expression> keys;
                for (qsizetype r = 0; r < rows.size(); ++r)
                    keys.append(parameter(u"r%1k"_s.arg(r), keySlot.type));
                return update.where(key.in(keys));
            });
    if (!statement)
        return false;
    QVariantList values;
    values.reserve(statement->binds.size());
    for (const auto &[r, c] : statement->binds) {
        if (c < 0)
            values.append(bound(dialect, keySlot, rows.at(r)->key.first()));
        else
            values.append(bound(dialect, cls->columns.at(c), rows.at(r)->values.at(c)));
    }
    const Result result = execute(*statement, values);
    if (result.error().isValid())
        return failed(result.error());
    if (result.numRowsAffected() != rows.size()) {
        QStringList keys;
        for (const UpdateRow *row : rows)
            keys.append(row->key.first().toString());
        return failed(Error(
                Error::StaleDataError,
                u"UPDATE of %1 rows of %2 (keys %3) matched %4: some were deleted or "
                u"had their key changed by someone else"_s.arg(rows.size())
                        .arg(QString::fromUtf8(cls->metaObject->className()), keys.join(u", "_s))
                        .arg(result.numRowsAffected()),
                QSqlError(), statement->sql, values));
    }
    return true;
}

// ---------------------------------------------------------------------------------------------
// DELETE

bool Flush::deleteClass(ClassState *cls, QList<Instance *> rows)
{
    sortByKey(cls, rows, [cls](const Instance *instance, qsizetype i) {
        return instance->snapshot()[cls->primaryKey.at(i)];
    });
    const bool versioned = cls->version >= 0;
    if (!versioned && cls->primaryKey.size() == 1) {
        // DELETE ... WHERE key IN (...), in chunks.
        const int keyColumn = cls->primaryKey.first();
        const ColumnSlot &slot = cls->columns.at(keyColumn);
        const int chunk = std::min(maxKeysPerDelete, dialect.maxBoundParameters());
        if (cls->integerKey) {
            // A run of consecutive integer keys is exactly the rows of a BETWEEN: the database
            // walks a range instead of looking each key of an IN list up.
            QList<Instance *> scattered;
            qsizetype start = 0;
            while (start < rows.size()) {
                const qint64 first = rows.at(start)->snapshot()[keyColumn].toLongLong();
                qsizetype end = start + 1;
                while (end < rows.size()
                       && rows.at(end)->snapshot()[keyColumn].toLongLong() == first + (end - start))
                    ++end;
                if (end - start < minimumRangeDelete) {
                    scattered.append(rows.mid(start, end - start));
                } else {
                    const qint64 last = first + (end - start - 1);
                    const StatementShape *statement = shape(cls, u"DR"_s, [&]() -> Statement {
                        return deleteFrom(cls->table)
                                .where(cls->table.column(slot.column)
                                               .between(parameter(u"k0"_s), parameter(u"k1"_s)));
                    });
                    if (!statement)
                        return false;
                    const QVariantList values = { bound(dialect, slot, first),
                                                  bound(dialect, slot, last) };
                    const Result result = execute(*statement, values);
                    if (result.error().isValid())
                        return failed(result.error());
                    if (result.numRowsAffected() != end - start) {
                        qCWarning(lcFlush).noquote()
                                << "DELETE from" << cls->table.fullName() << "expected to delete"
                                << end - start << "rows; only" << result.numRowsAffected()
                                << "were matched";
                    }
                }
                start = end;
            }
            rows = scattered;
        }
        for (qsizetype start = 0; start < rows.size(); start += chunk) {
            const qsizetype count = std::min<qsizetype>(chunk, rows.size() - start);
            const StatementShape *statement = shape(cls, u"D%1"_s.arg(count), [&]() -> Statement {
                QList<Expression> keys;
                for (qsizetype i = 0; i < count; ++i)
                    keys.append(parameter(u"k%1"_s.arg(i)));
                return deleteFrom(cls->table)
                        .where(count == 1 ? cls->table.column(slot.column) == keys.first()
                                          : cls->table.column(slot.column).in(keys));
            });
            if (!statement)
                return false;
            QVariantList values;
            values.reserve(count);
            for (const auto &[role, index] : statement->binds)
                values.append(bound(dialect, slot, rows.at(start + index)->snapshot()[keyColumn]));
            const Result result = execute(*statement, values);
            if (result.error().isValid())
                return failed(result.error());
            if (result.numRowsAffected() != count) {
                qCWarning(lcFlush).noquote()
                        << "DELETE from" << cls->table.fullName() << "expected to delete" << count
                        << "rows; only" << result.numRowsAffected() << "were matched";
            }
        }
        return true;
    }
    // Composite keys and version checks: one row per statement.
    for (Instance *instance : std::as_const(rows)) {
        const StatementShape *statement = shape(cls, u"D1:%1"_s.arg(versioned), [&]() -> Statement {
            return deleteFrom(cls->table).where(rowCondition(cls, versioned));
        });
        if (!statement)
            return false;
        QVariantList values;
        const QVariantList key = d->identityOf(instance);
        QVariant version;
        if (versioned) {
            version = instance->snapshot()[cls->version];
            if (!version.isValid())
                version = readProperty(cls->columns.at(cls->version), instance->object);
        }
        for (const auto &[role, index] : statement->binds) {
            if (role == OldKey)
                values.append(dialect.toDatabaseValue(
                        key.at(index), cls->columns.at(cls->primaryKey.at(index)).type));
            else
                values.append(dialect.toDatabaseValue(version, cls->columns.at(cls->version).type));
        }
        const Result result = execute(*statement, values);
        if (result.error().isValid())
            return failed(result.error());
        if (result.numRowsAffected() != 1) {
            if (versioned) {
                return failed(Error(Error::StaleDataError,
                                    u"DELETE of %1 matched %2 rows instead of 1: another session "
                                    u"changed or deleted it since version %3 was read"_s
                                            .arg(SessionPrivate::describeKey(cls, key))
                                            .arg(result.numRowsAffected())
                                            .arg(version.toString()),
                                    QSqlError(), statement->sql, values));
            }
            qCWarning(lcFlush).noquote()
                    << "DELETE of" << SessionPrivate::describeKey(cls, key) << "matched"
                    << result.numRowsAffected() << "rows instead of 1";
        }
    }
    return true;
}

// ---------------------------------------------------------------------------------------------

bool Flush::run(bool handlers)
{
    // Handlers may still change values (timestamps, audit fields): read them afterwards.
    if (handlers) {
        for (const InsertRow &row : inserts)
            Q_EMIT d->q->aboutToInsert(row.instance->object);
        for (const UpdateRow &row : updates)
            Q_EMIT d->q->aboutToUpdate(row.instance->object);
        for (Instance *instance : std::as_const(deletes))
            Q_EMIT d->q->aboutToDelete(instance->object);
        // A reference that cannot be written stops the flush, whatever else is due.
        if (!gather() && (syncFailed || !d->associationsDue()))
            return !syncFailed;
    }
    if (dialect.type() == DialectType::SQLite && !d->connection.inTransaction())
        rowidKeyBeforeBegin();
    if (!d->ensureTransaction())
        return failed(d->lastError);

    insertOf.clear();
    if (!fixups.isEmpty())
        linkFixups();
    // Per table in foreign-key order, UPDATEs before INSERTs (as SQLAlchemy's save_obj): a
    // row renamed away from a unique value frees it for a new row in the same flush.
    for (ClassState *cls : std::as_const(d->classOrder)) {
        if (!fixups.isEmpty() && !updateFromFixups(cls))
            return false;
        QList<UpdateRow *> classUpdates;
        for (UpdateRow &row : updates) {
            if (row.cls == cls)
                classUpdates.append(&row);
        }
        if (!classUpdates.isEmpty() && !updateClass(cls, classUpdates))
            return false;
        QList<InsertRow *> classInserts;
        for (InsertRow &row : inserts) {
            if (row.cls == cls)
                classInserts.append(&row);
        }
        if (!classInserts.isEmpty()
            && !(fixups.isEmpty() ? insertClass(cls, classInserts)
                                  : insertWithFixups(cls, classInserts)))
            return false;
    }
    // Association rows: new ones once both sides have keys, old ones before their rows go.
    if (d->associationsDue() && (!writeAssociations(false) || !writeAssociations(true)))
        return false;
    for (auto it = d->classOrder.crbegin(); it != d->classOrder.crend(); ++it) {
        QList<Instance *> classDeletes;
        for (Instance *instance : std::as_const(deletes)) {
            if (instance->cls == *it)
                classDeletes.append(instance);
        }
        if (!classDeletes.isEmpty() && !deleteClass(*it, classDeletes))
            return false;
    }
    apply();
    return true;
}

// Every statement succeeded: the objects take their new state and values. Only what the
// database or the flush decided (keys, defaults, versions) is written into them.
void Flush::apply()
{
    // The tables written, for Session::tablesChanged(): once per class (rows of a class are
    // mostly consecutive, so a run costs one comparison per row).
    QSet<const ClassState *> written;
    const ClassState *last = nullptr;
    const auto record = [&](const ClassState *cls) {
        if (cls != last && !written.contains(cls)) {
            written.insert(cls);
            d->tablesWritten.insert(cls->table.fullName());
        }
        last = cls;
    };
    for (const InsertRow &row : inserts)
        record(row.cls);
    for (const UpdateRow &row : updates)
        record(row.cls);
    for (const Instance *instance : std::as_const(deletes))
        record(instance->cls);
    // The keys new parents got, read before the rows hand their values to the snapshots. New
    // holders' rows have theirs already (insertWithFixups()): written with the row below.
    QVariantList fixupKeys(fixups.size());
    for (qsizetype i = 0; i < fixups.size(); ++i) {
        const SessionPrivate::Fixup &fixup = fixups.at(i);
        if (!fixup.newHolder)
            fixupKeys[i] =
                    normalizedValue(fixup.holderClass->columns.at(fixup.column), fixupKey(fixup));
    }
    if (!inserts.empty()) {
        // The identity maps grow once, not by doubling while rows are registered.
        for (ClassState *cls : std::as_const(d->classOrder)) {
            if (!cls->integerKey)
                continue;
            const qsizetype added =
                    std::count_if(inserts.cbegin(), inserts.cend(),
                                  [cls](const InsertRow &row) { return row.cls == cls; });
            cls->byInteger.reserve(cls->byInteger.size() + added);
        }
    }
    for (size_t r = 0; r < inserts.size(); ++r) {
        InsertRow &row = inserts[r];
        Instance *instance = row.instance;
        for (int column : std::as_const(row.write)) {
            // A generated key is new by definition: written without reading the old one.
            if (column == row.cls->generatedKey
                || !sameValue(d->read(instance, column), row.values.at(column)))
                d->write(instance, column, row.values.at(column));
        }
        // Foreign keys to new parents: the object cannot have them yet (just generated).
        for (qsizetype f = firstFixup.empty() ? -1 : firstFixup[r]; f >= 0; f = nextFixup[f])
            d->write(instance, fixups.at(f).column, row.values.at(fixups.at(f).column));
        QVariant *snapshot = instance->snapshot();
        const qsizetype n = row.values.size();
        for (qsizetype i = 0; i < n; ++i)
            snapshot[i] = std::move(row.values[i]);
        instance->hasSnapshot = true;
        instance->state = ObjectState::Persistent;
        if (instance->flagged) {
            d->flagged.remove(instance);
            instance->flagged = false;
        }
        d->registerIdentity(instance);
    }
    if (qsizetype(inserts.size()) == d->pending.size()) {
        d->clearPending(); // all of them, the usual case
    } else if (!inserts.empty()) {
        QList<Instance *> stillPending = d->pending;
        stillPending.removeIf(
                [](const Instance *instance) { return instance->state != ObjectState::Pending; });
        d->clearPending();
        d->pending = stillPending;
    }
    Level &level = d->levels.back();
    level.flushed.reserve(level.flushed.size() + updates.size() + size_t(deletes.size()));
    for (UpdateRow &row : updates) {
        Instance *instance = row.instance;
        level.flushed.push_back(instance);
        if (row.keyChanged) {
            if (!level.oldKeys.contains(instance))
                level.oldKeys.insert(instance, row.key);
            d->unregisterIdentity(instance);
        }
        for (int column : std::as_const(row.write)) {
            if (!sameValue(d->read(instance, column), row.values.at(column)))
                d->write(instance, column, row.values.at(column));
        }
        QVariant *snapshot = instance->snapshot();
        for (int column : std::as_const(row.columns))
            snapshot[column] = std::move(row.values[column]); // the row is done with them
        if (row.keyChanged)
            d->registerIdentity(instance);
        if (instance->flagged) {
            d->flagged.remove(instance);
            instance->flagged = false;
        }
    }
    for (qsizetype i = 0; i < fixups.size(); ++i) {
        // The object cannot have this key yet (it was just generated): no read to compare.
        const SessionPrivate::Fixup &fixup = fixups.at(i);
        if (fixup.newHolder || fixup.holder->dead)
            continue; // written with its row above, or no longer in the session
        d->write(fixup.holder, fixup.column, fixupKeys.at(i));
        fixup.holder->snapshot()[fixup.column] = fixupKeys.at(i);
    }
    for (Instance *instance : std::as_const(deletes)) {
        level.flushed.push_back(instance);
        d->unregisterIdentity(instance);
        instance->markedForDeletion = false;
        instance->state = ObjectState::Deleted;
        d->flushedDeletes.append(instance);
    }
}

// An object's single-column key as the database has it now (a new row's once inserted).
QVariant Flush::keyNow(Instance *instance) const
{
    if (instance->state == ObjectState::Pending) {
        const InsertRow *row = insertRowOf(instance);
        return row ? row->values.at(instance->cls->primaryKey.first()) : QVariant();
    }
    return d->identityOf(instance).value(0);
}

// The many-to-many rows recorded since the last flush: INSERT (inserts) or DELETE (!inserts).
bool Flush::writeAssociations(bool inserts)
{
    QHash<QString, QList<QVariantMap>> rowsByTable;
    QHash<QString, Table> tables;
    for (const SessionPrivate::Association &association : std::as_const(d->associations)) {
        if (association.change == 0 || (association.change > 0) != inserts)
            continue;
        Instance *owner = d->instanceOf(association.owner);
        Instance *object = d->instanceOf(association.object);
        if (!owner || !object) {
            if (!inserts)
                continue; // gone already: its rows went with it, or it never had any
            return failed(Error(Error::InvalidRequestError,
                                u"Flush: a %1 object in %2 is not in the session"_s.arg(
                                        association.object ? QString::fromUtf8(
                                                association.object->metaObject()->className())
                                                           : u"deleted"_s,
                                        association.relationship.name())));
        }
        const Table secondary = association.relationship.secondary();
        d->tablesWritten.insert(secondary.fullName());
        const QVariant ownerKey = keyNow(owner);
        const QVariant objectKey = keyNow(object);
        const QStringList columns = {
            RelationshipPrivate::get(association.relationship)->secondaryOwnerColumn,
            RelationshipPrivate::get(association.relationship)->secondaryTargetColumn
        };
        if (inserts) {
            rowsByTable[secondary.fullName()].append(
                    { { columns.at(0), ownerKey }, { columns.at(1), objectKey } });
            tables.insert(secondary.fullName(), secondary);
        } else {
            const Result result = d->connection.execute(deleteFrom(secondary).where(
                    allOf({ secondary.column(columns.at(0)) == Expression(ownerKey),
                            secondary.column(columns.at(1)) == Expression(objectKey) })));
            if (result.error().isValid())
                return failed(result.error());
        }
    }
    for (auto it = rowsByTable.cbegin(); it != rowsByTable.cend(); ++it) {
        const QList<QVariantMap> &rows = it.value();
        for (qsizetype i = 0; i < rows.size(); i += 500) {
            const Result result =
                    d->connection.execute(insert(tables.value(it.key())).values(rows.mid(i, 500)));
            if (result.error().isValid())
                return failed(result.error());
        }
    }
    return true;
}

// The key a fixup's foreign key takes: its target's row, once inserted.
QVariant Flush::fixupKey(const SessionPrivate::Fixup &fixup) const
{
    const InsertRow *row = insertRowOf(fixup.target, fixup.targetRow);
    if (!row)
        return {};
    // A generated key is 0 (or null) until its row is inserted.
    const QVariant key = row->values.at(row->cls->primaryKey.first());
    return isNullValue(key) || key.toLongLong() == 0 ? QVariant() : key;
}

// Stored objects moved to a parent inserted earlier in this flush: the key joins their UPDATE.
bool Flush::updateFromFixups(ClassState *cls)
{
    for (const SessionPrivate::Fixup &fixup : std::as_const(fixups)) {
        Instance *holder = fixup.holder;
        if (fixup.holderClass != cls || fixup.newHolder || holder->dead)
            continue; // dead: a handler took it out of the session, its row is not ours to write
        const QVariant key = fixupKey(fixup);
        if (isNullValue(key))
            return failed(Error(Error::InvalidRequestError,
                                u"Flush: %1 refers to a new object of its own class; stored and "
                                u"new objects referring to each other need two flushes"_s.arg(
                                        d->describe(holder))));
        const QVariant value = normalizedValue(cls->columns.at(fixup.column), key);
        const auto existing =
                std::find_if(updates.begin(), updates.end(),
                             [holder](const UpdateRow &row) { return row.instance == holder; });
        if (existing != updates.end()) {
            if (!existing->columns.contains(fixup.column)) {
                existing->columns.append(fixup.column);
                std::sort(existing->columns.begin(), existing->columns.end());
            }
            existing->values[fixup.column] = value;
            continue;
        }
        QVariantList current;
        current.reserve(cls->columns.size());
        for (qsizetype i = 0; i < cls->columns.size(); ++i)
            current.append(d->read(holder, int(i)));
        current[fixup.column] = value;
        planUpdate(holder, { fixup.column }, std::move(current));
    }
    return true;
}

// New rows take their parents' generated keys; a row whose parent is a new row of the same
// class waits for the statement that inserts it (an adjacency list, level by level).
bool Flush::insertWithFixups(ClassState *cls, const QList<InsertRow *> &rows)
{
    const auto fixupsOf = [this](const InsertRow *row) {
        return firstFixup[size_t(row - inserts.data())];
    };
    if (std::all_of(rows.cbegin(), rows.cend(),
                    [&](const InsertRow *row) { return fixupsOf(row) < 0; }))
        return insertClass(cls, rows);
    QList<InsertRow *> remaining = rows;
    while (!remaining.isEmpty()) {
        QList<InsertRow *> ready;
        QList<InsertRow *> waiting;
        // Children of one parent come one after another: its key is read and converted once.
        const Instance *lastTarget = nullptr;
        int lastColumn = -1;
        QVariant lastValue;
        for (InsertRow *row : std::as_const(remaining)) {
            bool known = true;
            for (qsizetype f = fixupsOf(row); f >= 0; f = nextFixup[size_t(f)]) {
                const SessionPrivate::Fixup &fixup = fixups.at(f);
                if (fixup.target != lastTarget || fixup.column != lastColumn) {
                    const QVariant key = fixupKey(fixup);
                    if (isNullValue(key)) {
                        known = false;
                        break;
                    }
                    lastTarget = fixup.target;
                    lastColumn = fixup.column;
                    lastValue = normalizedValue(cls->columns.at(fixup.column), key);
                }
                row->values[fixup.column] = lastValue;
            }
            (known ? ready : waiting).append(row);
        }
        if (ready.isEmpty())
            return failed(Error(Error::InvalidRequestError,
                                u"Flush: new %1 objects refer to each other in a cycle (%2 ...); "
                                u"set one of the references after a first flush"_s.arg(
                                        QString::fromUtf8(cls->metaObject->className()),
                                        d->describe(waiting.first()->instance))));
        if (!insertClass(cls, ready))
            return false;
        remaining = waiting;
    }
    return true;
}

InsertRow *Flush::insertRowOf(const Instance *instance, qsizetype hint) const
{
    if (hint >= 0 && size_t(hint) < inserts.size() && inserts[size_t(hint)].instance == instance)
        return const_cast<InsertRow *>(&inserts[size_t(hint)]);
    if (insertOf.isEmpty()) {
        insertOf.reserve(qsizetype(inserts.size()));
        for (const InsertRow &row : inserts)
            insertOf.insert(row.instance, const_cast<InsertRow *>(&row));
    }
    return insertOf.value(instance);
}

void Flush::linkFixups()
{
    firstFixup.assign(inserts.size(), -1);
    nextFixup.assign(size_t(fixups.size()), -1);
    // Backwards, so that each chain is in fixup order.
    for (qsizetype i = fixups.size() - 1; i >= 0; --i) {
        const SessionPrivate::Fixup &fixup = fixups.at(i);
        if (!fixup.newHolder)
            continue;
        const InsertRow *row = insertRowOf(fixup.holder, fixup.holderRow);
        if (!row)
            continue; // no longer pending (a handler expunged it): nothing to write
        const size_t index = size_t(row - inserts.data());
        nextFixup[size_t(i)] = firstFixup[index];
        firstFixup[index] = i;
    }
}

// ---------------------------------------------------------------------------------------------

bool SessionPrivate::flush()
{
    if (!checkUsable("flush"))
        return false;
    if (flushing) {
        return fail(Error(Error::InvalidRequestError,
                          u"Session::flush: called again while flushing (from a flush signal's "
                          u"handler?)"_s));
    }
    flushing = true;
    // Foreign keys written from references before the statements run: put back if it fails.
    std::vector<WrittenKey> keysWritten;
    writtenKeys = &keysWritten;
    auto reset = qScopeGuard([this] {
        flushing = false;
        writtenKeys = nullptr;
    });
    const auto unwriteKeys = [&] {
        writtenKeys = nullptr;
        for (auto it = keysWritten.crbegin(); it != keysWritten.crend(); ++it) {
            if (!it->instance->dead) // retired meanwhile: kept allocated while flushing
                write(it->instance, it->column, it->before);
        }
        keysWritten.clear();
    };
    Flush work(this);
    // Without relationships the pending objects are not visited (a cache miss each).
    if (!assignments.isEmpty() || (relationsInUse && !pending.isEmpty())) {
        if (!syncForeignKeys(&work.fixups)) {
            unwriteKeys();
            return false;
        }
    }
    work.syncedFixups = work.fixups.size();
    // Nothing to do (no statement, no signal), or a reference that cannot be written: gather()
    // stops there, and nothing else may be written without it.
    if (!work.gather() && (work.syncFailed || !associationsDue())) {
        if (work.syncFailed)
            unwriteKeys();
        return !work.syncFailed;
    }
    const bool handlers = q->isSignalConnected(QMetaMethod::fromSignal(&Session::beforeFlush))
            || q->isSignalConnected(QMetaMethod::fromSignal(&Session::aboutToInsert))
            || q->isSignalConnected(QMetaMethod::fromSignal(&Session::aboutToUpdate))
            || q->isSignalConnected(QMetaMethod::fromSignal(&Session::aboutToDelete));
    if (handlers) {
        Q_EMIT q->beforeFlush();
        if (!work.gather() && (work.syncFailed || !associationsDue())) {
            if (work.syncFailed)
                unwriteKeys();
            return !work.syncFailed;
        }
    }
    if (!work.run(handlers)) {
        unwriteKeys();
        if (work.syncFailed)
            return false; // found before any statement: nothing to roll back
        // The database goes back to where this level began; the objects were not touched.
        const Error error = work.error_.isValid() ? work.error_ : lastError;
        const int level = int(levels.size()) - 1;
        Level &innermost = levels[level];
        if (innermost.transaction && innermost.transaction->isActive())
            innermost.transaction->rollback();
        failedLevel = level;
        failure = error;
        qCDebug(lcFlush).noquote()
                << "flush failed, transaction level" << level << "rolled back:" << error.text();
        return fail(error);
    }
    writtenKeys = nullptr;
    assignments.clear();
    associations.clear();
    if (!work.inserts.empty() || !work.updates.empty() || !work.deletes.isEmpty()) {
        qCDebug(lcFlush) << "flushed" << work.inserts.size() << "inserts," << work.updates.size()
                         << "updates," << work.deletes.size() << "deletes";
        reset.dismiss();
        flushing = false;
        for (const InsertRow &row : work.inserts)
            Q_EMIT q->objectInserted(row.instance->object);
        for (const UpdateRow &row : work.updates)
            Q_EMIT q->objectUpdated(row.instance->object);
        for (Instance *instance : std::as_const(work.deletes))
            Q_EMIT q->objectDeleted(instance->object);
    }
    Q_EMIT q->afterFlush();
    updateHasChanges();
    return true;
}

bool SessionPrivate::doAutoflush()
{
    if (!autoflush || noAutoflush > 0 || flushing)
        return true;
    return flush();
}

//! \endcond
} // namespace Qorm
