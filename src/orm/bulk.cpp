// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// Bulk INSERT, UPDATE and DELETE of a mapped class by criteria, and how the session keeps its
// objects in step with the rows they changed.
#include "../engine/result_p.h"
#include "mapper_p.h"
#include "session_p.h"

using namespace Qt::StringLiterals;

namespace Qorm {

// ------------------------------------------------------------------ EntityDml

EntityDml::EntityDml(Kind kind, const QMetaObject &entity)
    : m_kind(kind),
      m_entity(&entity),
      m_mapper(defaultMapper(&entity))
{
    if (!m_mapper.isValid())
        fail(u"the class is not mapped (no live Registry maps it)"_s);
}

void EntityDml::fail(const QString &message)
{
    if (m_error.isValid())
        return; // the first problem is the one to fix
    static const char *const names[] = { "insert", "update", "deleteFrom" };
    m_error = Error(Error::InvalidRequestError,
                    u"%1<%2>(): %3"_s.arg(QLatin1StringView(names[m_kind]),
                                          QString::fromUtf8(m_entity->className()), message));
}

QString EntityDml::columnOf(const QString &property, const char *function)
{
    if (!m_mapper.isValid())
        return {};
    const ColumnProperty column = m_mapper.columnProperty(property);
    if (!column.isValid()) {
        fail(u"%1: %2 has no mapped property '%3'"_s.arg(QLatin1StringView(function),
                                                         m_mapper.className(), property));
        return {};
    }
    return column.columnName();
}

void EntityDml::addWhere(const Expression &condition)
{
    m_where = m_where.isValid() ? (m_where && condition) : condition;
}

void EntityDml::addSet(const QString &property, const Expression &value)
{
    const QString column = columnOf(property, "set()");
    if (column.isEmpty())
        return;
    if (m_mapper.columnProperty(property).isPrimaryKey()) {
        fail(u"set(): '%1' is part of the primary key; a bulk UPDATE does not change keys "
             u"(change the objects and flush)"_s.arg(property));
        return;
    }
    m_set.append({ column, value });
}

void EntityDml::addRows(const QList<QVariantMap> &rows)
{
    for (const QVariantMap &row : rows) {
        QVariantMap columns;
        for (auto it = row.cbegin(); it != row.cend(); ++it) {
            const QString column = columnOf(it.key(), "values()");
            if (column.isEmpty())
                return;
            columns.insert(column, it.value());
        }
        m_rows.append(columns);
    }
}

void EntityDml::setConflict(const QStringList &conflictProperties,
                            const QStringList &updateProperties, bool update)
{
    m_conflictColumns.clear();
    m_updateColumns.clear();
    const char *function = update ? "onConflictDoUpdate()" : "onConflictDoNothing()";
    for (const QString &property : conflictProperties)
        m_conflictColumns.append(columnOf(property, function));
    for (const QString &property : updateProperties)
        m_updateColumns.append(columnOf(property, function));
    if (update && m_updateColumns.isEmpty())
        fail(u"onConflictDoUpdate(): no property to update"_s);
    m_conflict = update ? Conflict::DoUpdate : Conflict::DoNothing;
}

QStringList EntityDml::setColumns() const
{
    QStringList columns;
    for (const auto &[column, value] : m_set)
        columns.append(column);
    return columns;
}

Statement EntityDml::statement(const QList<Expression> &returning) const
{
    if (!m_mapper.isValid())
        return {};
    const Table table = m_mapper.table();
    switch (m_kind) {
    case Insert:
        return insertStatement(0, m_rows.size(), returning);
    case Update: {
        Qorm::Update update = Qorm::update(table);
        for (const auto &[column, value] : m_set)
            update = update.set(column, value);
        if (m_where.isValid())
            update = update.where(m_where);
        return returning.isEmpty() ? update : update.returning(returning);
    }
    case Delete: {
        Qorm::Delete remove = deleteFrom(table);
        if (m_where.isValid())
            remove = remove.where(m_where);
        return returning.isEmpty() ? remove : remove.returning(returning);
    }
    }
    return {};
}

Statement EntityDml::insertStatement(qsizetype first, qsizetype count,
                                     const QList<Expression> &returning) const
{
    if (!m_mapper.isValid() || m_kind != Insert)
        return {};
    Qorm::Insert insert = Qorm::insert(m_mapper.table()).values(m_rows.mid(first, count));
    if (m_conflict == Conflict::DoNothing)
        insert = insert.onConflictDoNothing(m_conflictColumns);
    else if (m_conflict == Conflict::DoUpdate)
        insert = insert.onConflictDoUpdate(m_conflictColumns, m_updateColumns);
    return returning.isEmpty() ? insert : insert.returning(returning);
}

// ------------------------------------------------------------------ the session's side

BulkResult Session::execute(const EntityDml &statement, Synchronize synchronize)
{
    const auto failed = [this](const Error &error) {
        d->fail(error);
        return BulkResult(0, {}, error);
    };
    if (!d->checkUsable("execute"))
        return BulkResult(0, {}, d->lastError);
    if (statement.error().isValid())
        return failed(statement.error());
    Error error;
    ClassState *cls = d->classFor(statement.entity(), &error);
    if (!cls)
        return failed(error);
    if (!d->doAutoflush() || !d->ensureTransaction())
        return BulkResult(0, {}, d->lastError);
    const Statement core = statement.statement();
    if (statement.kind() == EntityDml::Insert) {
        // In statements that stay under the database's bound-parameter limit.
        const qsizetype perRow = std::max<qsizetype>(1, cls->columns.size());
        const qsizetype chunk = std::max<qsizetype>(1, d->dialect.maxBoundParameters() / perRow);
        qint64 affected = 0;
        for (qsizetype first = 0; first < std::max<qsizetype>(1, statement.rowCount());
             first += chunk) {
            Result result = d->connection.execute(statement.insertStatement(first, chunk));
            if (result.error().isValid())
                return failed(result.error());
            affected += result.numRowsAffected();
        }
        if (affected != 0)
            d->tablesWritten.insert(cls->table.fullName());
        return BulkResult(affected, {}, Error());
    }
    if (synchronize == Synchronize::None) {
        Result result = d->connection.execute(core);
        if (result.error().isValid())
            return failed(result.error());
        if (result.numRowsAffected() != 0)
            d->tablesWritten.insert(cls->table.fullName());
        return BulkResult(result.numRowsAffected(), {}, Error());
    }

    // The key columns (and an UPDATE's columns) of the affected rows, as the class's slots.
    QList<int> read = cls->primaryKey;
    for (const QString &column : statement.setColumns()) {
        for (int i = 0; i < cls->columns.size(); ++i) {
            if (cls->columns.at(i).column == column && !read.contains(i))
                read.append(i);
        }
    }
    QList<Expression> columns;
    for (int index : std::as_const(read))
        columns.append(cls->table.column(cls->columns.at(index).column));
    const Statement::Kind kind = core.kind();
    QList<QVariantList> rows; // per affected row: the `read` columns
    qint64 affected = 0;
    const auto collect = [&](Result &result) {
        QVariantList values;
        while (result.implementation()->fetch(&values)) {
            QVariantList row;
            for (qsizetype i = 0; i < values.size() && i < read.size(); ++i)
                row.append(normalizedValue(cls->columns.at(read.at(i)), values.at(i)));
            rows.append(row);
        }
        return !result.implementation()->error.isValid();
    };
    if (d->dialect.supportsReturning(kind)) {
        Result result = d->connection.execute(statement.statement(columns));
        if (result.error().isValid() || !collect(result))
            return failed(result.error().isValid() ? result.error()
                                                   : result.implementation()->error);
        affected = rows.size();
    } else {
        // The keys first (locked where the database can), then the statement, then an
        // UPDATE's new values by those keys.
        QList<Expression> keyColumns = columns.mid(0, cls->primaryKey.size());
        Select keys = select(keyColumns).from(cls->table);
        if (statement.condition().isValid())
            keys = keys.where(statement.condition());
        if (d->dialect.supportsRowLocks())
            keys = keys.forUpdate();
        Result found = d->connection.execute(keys);
        QList<QVariantList> keyRows;
        {
            QVariantList values;
            while (found.implementation()->fetch(&values))
                keyRows.append(values);
        }
        if (found.error().isValid())
            return failed(found.error());
        found.close();
        Result result = d->connection.execute(core);
        if (result.error().isValid())
            return failed(result.error());
        affected = result.numRowsAffected();
        if (kind == Statement::DeleteStatement) {
            for (const QVariantList &key : std::as_const(keyRows)) {
                QVariantList row;
                for (qsizetype i = 0; i < key.size(); ++i)
                    row.append(normalizedValue(cls->columns.at(read.at(i)), key.at(i)));
                rows.append(row);
            }
        } else {
            for (qsizetype start = 0; start < keyRows.size(); start += 500) {
                const QList<QVariantList> chunk = keyRows.mid(start, 500);
                const Expression where = d->keysCondition(cls, chunk);
                Result values =
                        d->connection.execute(select(columns).from(cls->table).where(where));
                if (values.error().isValid() || !collect(values))
                    return failed(values.error().isValid() ? values.error()
                                                           : values.implementation()->error);
            }
        }
    }

    // The objects in the identity map follow their rows.
    QList<QObject *> objects;
    Level &level = d->levels.back();
    for (const QVariantList &row : std::as_const(rows)) {
        Instance *instance = d->findIdentity(cls, row.mid(0, cls->primaryKey.size()));
        if (!instance)
            continue;
        objects.append(instance->object);
        if (kind == Statement::DeleteStatement) {
            level.flushed.push_back(instance);
            d->unregisterIdentity(instance);
            instance->markedForDeletion = false;
            instance->state = ObjectState::Deleted;
            d->flushedDeletes.append(instance);
            continue;
        }
        for (qsizetype i = cls->primaryKey.size(); i < read.size(); ++i) {
            const int column = read.at(i);
            if (!sameValue(d->read(instance, column), row.at(i)))
                d->write(instance, column, row.at(i));
            instance->snapshot()[column] = row.at(i);
        }
        level.flushed.push_back(instance); // a rollback reads it again
    }
    if (affected != 0)
        d->tablesWritten.insert(cls->table.fullName());
    d->updateHasChanges();
    return BulkResult(affected, objects, Error());
}

ObjectResult Session::executeReturning(const EntityDml &statement)
{
    const auto failed = [this](const Error &error) {
        d->fail(error);
        return ObjectResult({}, error);
    };
    if (!d->checkUsable("scalars"))
        return ObjectResult({}, d->lastError);
    if (statement.error().isValid())
        return failed(statement.error());
    if (statement.kind() != EntityDml::Insert) {
        return failed(Error(Error::InvalidRequestError,
                            u"Session::scalars(): only an insert<T>() returns objects"_s));
    }
    Error error;
    ClassState *cls = d->classFor(statement.entity(), &error);
    if (!cls)
        return failed(error);
    if (!d->dialect.supportsReturning(Statement::InsertStatement)) {
        return failed(Error(Error::UnsupportedFeatureError,
                            u"Session::scalars(insert<%1>()): the database has no INSERT ... "
                            u"RETURNING (PostgreSQL, SQLite 3.35 and MariaDB 10.5 have it); "
                            u"use execute() and a query"_s.arg(
                                    QString::fromUtf8(statement.entity()->className()))));
    }
    if (!d->doAutoflush() || !d->ensureTransaction())
        return ObjectResult({}, d->lastError);
    QList<Expression> columns;
    for (const ColumnSlot &slot : std::as_const(cls->columns))
        columns.append(cls->table.column(slot.column));
    // Rows come back as objects, as a query's would; an upserted row's object takes its values.
    QList<Instance *> instances;
    const ObjectResult result =
            d->load(cls, statement.statement(columns), true, true, {}, &instances);
    if (!instances.isEmpty())
        d->tablesWritten.insert(cls->table.fullName());
    // A rollback reads them back; the ones whose rows it undid leave the session (they are
    // the caller's then: no parent), an upserted row's object takes its old values.
    Level &level = d->levels.back();
    for (Instance *instance : std::as_const(instances))
        level.flushed.push_back(instance);
    return result;
}

} // namespace Qorm
