// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// Seeded fuzzing of the two places where text from a program reaches SQL:
//
// - the expression builder: random statements (columns with hostile names, literals of every
//   type, operators, functions, IN lists, nested AND/OR/NOT, subqueries, ORDER BY, LIMIT) are
//   compiled for SQLite, PostgreSQL and MariaDB. Nothing may crash; the SQL text is scanned with
//   the dialect's own quoting rules and may hold only known keywords, placeholders and the
//   identifiers the statement was built from, quoted unless they are plain; every value is a
//   bound parameter (placeholders == bound values). A sample runs on SQLite (and on the servers
//   when configured): valid SQL, or a clean error, never a syntax error.
// - the mapping-metadata parser: classes whose Q_CLASSINFO entries are random and mutated
//   ("qorm.table", "qorm.column.<property>", "qorm.index.<name>", ...) are mapped. Either the
//   mapping is accepted and its DDL passes the same scan (a sample is created on the databases,
//   and a string server default must read back the same on each), or it is refused with a
//   MappingError that names the entry. The classes are QMetaObjects made at run time in moc's
//   revision 10 layout, deriving from a moc'd class that has the properties.
//
// Regressions the fuzzing found have test functions of their own (negativeLimitIsRefused(),
// updateSetTwiceKeepsTheLast(); MariaDB's DDL literals: tst_roundtrip::serverDefaults()).
//
// The seed is printed; QORM_FUZZ_SEED repeats a run, QORM_FUZZ_CASES sets the number of cases
// per target (default 10,000) and QORM_FUZZ_RUN_EVERY how many statements apart the ones run on
// the databases are (default 50; the servers run them too when configured).

#include <Qorm/CompiledStatement>
#include <Qorm/Core>
#include <Qorm/Dialect>
#include <Qorm/Registry>

#include <QtCore/QDateTime>
#include <QtCore/QLoggingCategory>
#include <QtCore/QRandomGenerator>
#include <QtCore/QSet>
#include <QtCore/QTimeZone>
#include <QtCore/QUuid>
#include <QtTest/QTest>

#include <cmath>
#include <cstring>
#include <databases.h>
#include <deque>
#include <limits>
#include <testfield.h>
#include <vector>

using namespace Qt::StringLiterals;
using namespace Qorm;

// The properties the fuzzed mappings may use, one of each kind of type.
class FuzzBase : public QObject
{
    Q_OBJECT
    FIELD(qint64, id)
    FIELD(int, count)
    FIELD(QString, name)
    FIELD(double, ratio)
    FIELD(bool, flag)
    FIELD(QDateTime, at)
    FIELD(QDate, day)
    FIELD(QTime, clock)
    FIELD(QByteArray, data)
    FIELD(QUuid, uuid)
    FIELD(QVariantMap, json)
    Q_PROPERTY(QObject *other READ other CONSTANT)

public:
    QObject *other() const { return nullptr; }
};

namespace {

int envInt(const char *name, int fallback)
{
    bool ok = false;
    const int value = qEnvironmentVariableIntValue(name, &ok);
    return ok ? value : fallback;
}

quint32 fuzzSeed()
{
    bool ok = false;
    const quint32 seed = qEnvironmentVariable("QORM_FUZZ_SEED").toUInt(&ok);
    return ok ? seed : QRandomGenerator::global()->generate();
}

// ------------------------------------------------------------------ the SQL scan

// SQL for a failure message: a NUL would end the C string.
QString printable(QString sql)
{
    return sql.replace(QChar(0), u"\\0"_s);
}

struct ScanRules
{
    QChar quote;               // the dialect's identifier quote
    QSet<QString> identifiers; // names that may appear quoted
    QSet<QString> plainWords;  // unquoted words allowed (keywords, functions, plain names)
    QSet<QString> strings;     // the string literals allowed (unless anyString)
    bool anyString = false;    // DDL: literals of defaults
    bool bigNumbers = false;   // DDL: lengths; else a long number is an inlined value
};

bool isWordStart(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_';
}

bool isWordPart(QChar c)
{
    return isWordStart(c) || (c >= u'0' && c <= u'9');
}

/*
    Scans `sql` as the database would: quoted identifiers (the quote doubled inside), string
    literals ('' inside), placeholders, words, numbers and punctuation. Returns what is wrong
    (empty when nothing is) and counts the placeholders.
*/
QString scanSql(const QString &sql, const ScanRules &rules, int *placeholders)
{
    *placeholders = 0;
    const QChar q = rules.quote;
    for (qsizetype i = 0; i < sql.size();) {
        const QChar c = sql.at(i);
        if (c == q || c == u'\'') {
            QString content;
            qsizetype j = i + 1;
            bool closed = false;
            while (j < sql.size()) {
                if (sql.at(j) == c) {
                    if (j + 1 < sql.size() && sql.at(j + 1) == c) {
                        content += c;
                        j += 2;
                        continue;
                    }
                    closed = true;
                    break;
                }
                content += sql.at(j);
                ++j;
            }
            if (!closed)
                return u"unterminated %1 at %2"_s.arg(c == q ? u"identifier"_s : u"string"_s)
                        .arg(i);
            if (c == q && !rules.identifiers.contains(content))
                return u"unknown quoted identifier [%1]"_s.arg(content);
            if (c == u'\'' && !rules.anyString && !rules.strings.contains(content))
                return u"string literal '%1' in the SQL (a value not bound?)"_s.arg(content);
            i = j + 1;
            continue;
        }
        if (c == u'?') {
            ++*placeholders;
            ++i;
            continue;
        }
        if (isWordStart(c)) {
            qsizetype j = i;
            while (j < sql.size() && isWordPart(sql.at(j)))
                ++j;
            const QString word = sql.mid(i, j - i);
            if (!rules.plainWords.contains(word))
                return u"unquoted word [%1]"_s.arg(word);
            i = j;
            continue;
        }
        if (c.isDigit()) {
            qsizetype j = i;
            while (j < sql.size() && (sql.at(j).isDigit() || sql.at(j) == u'.'))
                ++j;
            const QString number = sql.mid(i, j - i);
            if (!rules.bigNumbers && number.size() > 4 && number != u"18446744073709551615"_s)
                return u"number %1 in the SQL (a value not bound?)"_s.arg(number);
            i = j;
            continue;
        }
        if (c == u'-' && i + 1 < sql.size() && sql.at(i + 1) == u'-')
            return u"-- (a comment) at %1"_s.arg(i);
        if (c == u'/' && i + 1 < sql.size() && sql.at(i + 1) == u'*')
            return u"/* (a comment) at %1"_s.arg(i);
        static const QString punctuation = u" (),.=<>!+-*/%|"_s;
        if (!punctuation.contains(c))
            return u"unexpected character U+%1 at %2"_s.arg(uint(c.unicode()), 4, 16, QChar(u'0'))
                    .arg(i);
        ++i;
    }
    return {};
}

// Words the compilers write: keywords in upper case, function names in lower case.
const QSet<QString> &sqlWords()
{
    static const QSet<QString> words = [] {
        QSet<QString> set;
        for (const QString &word :
             u"SELECT DISTINCT FROM WHERE AND OR NOT IS NULL IN LIKE ESCAPE BETWEEN CASE WHEN THEN "
             "ELSE END AS ASC DESC NULLS FIRST LAST ORDER BY GROUP HAVING LIMIT OFFSET JOIN INNER "
             "LEFT OUTER FULL ON EXISTS UNION ALL INTERSECT EXCEPT INSERT INTO VALUES DEFAULT "
             "UPDATE SET DELETE RETURNING CAST WITH RECURSIVE ILIKE "
             "INTEGER BIGINT SMALLINT BOOLEAN DOUBLE PRECISION NUMERIC DECIMAL VARCHAR TEXT BLOB "
             "BYTEA DATE TIME TIMESTAMP ZONE WITHOUT DATETIME UUID JSONB JSON CHAR SIGNED BINARY "
             "LONGTEXT LONGBLOB REAL FLOAT "
             "CREATE TABLE INDEX UNIQUE PRIMARY KEY REFERENCES FOREIGN CONSTRAINT CHECK "
             "CASCADE RESTRICT ACTION NO SERIAL BIGSERIAL SMALLSERIAL AUTO_INCREMENT AUTOINCREMENT "
             "IF EXISTS BOOL CURRENT_TIMESTAMP _utf8mb4 X true false CONFLICT DO NOTHING DUPLICATE "
             "excluded "
             "count sum avg min max coalesce lower upper length char_length abs strftime concat "
             "now"_s.split(u' ', Qt::SkipEmptyParts))
            set.insert(word);
        return set;
    }();
    return words;
}

bool isPlain(const QString &name)
{
    if (name.isEmpty() || (!(name.at(0) >= u'a' && name.at(0) <= u'z') && name.at(0) != u'_'))
        return false;
    return std::all_of(name.cbegin(), name.cend(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'_';
    });
}

ScanRules rulesFor(const Dialect &dialect, const QStringList &identifiers)
{
    ScanRules rules;
    rules.quote = dialect.type() == DialectType::MySQL ? u'`' : u'"';
    rules.plainWords = sqlWords();
    for (const QString &name : identifiers) {
        rules.identifiers.insert(name);
        if (isPlain(name))
            rules.plainWords.insert(name);
    }
    // Function::named() takes plain (dotted) names: the generator's valid ones.
    for (const QString &name : { u"abs"_s, u"upper"_s, u"coalesce"_s, u"pg_catalog"_s })
        rules.plainWords.insert(name);
    // SQLite's now(); escape characters the generator uses.
    rules.strings = { u"%Y-%m-%d %H:%M:%f"_s, u"now"_s, u"!"_s, u"\\"_s, u"#"_s };
    return rules;
}

QList<Dialect> dialects()
{
    return { Dialect::sqlite(), Dialect::postgresql(), Dialect::mysql() };
}

// ------------------------------------------------------------------ expression generator

// A table of the fuzzed schema: its columns' names and types.
struct FuzzTable
{
    Table table;
    QList<std::pair<QString, SqlType>> columns;
};

// Names that break naive quoting (those of the tables are in expressions()).
const QStringList &hostileLabels()
{
    static const QStringList labels{
        u"label"_s,        u"la\"bel`"_s,
        u"x' OR 1=1 --"_s, u"ORDER"_s,
        u"\\"_s,           u"🙂"_s,
        u"count"_s,        QString(60, u'"'),
        u"tab\there"_s,    u"nul"_s + QChar(0) + u"label"_s,
    };
    return labels;
}

const QStringList &hostileAliases()
{
    static const QStringList aliases{ u"a\"lias`"_s, u"b;c"_s, u"plain_alias"_s, u"FROM"_s };
    return aliases;
}

// Strings bound as values; each starts with a marker the SQL text must never contain.
const QString valueMarker = u"v§"_s;

QStringList hostileValues()
{
    return { u"'; DROP TABLE x; --"_s,
             u"\" OR 1=1 --"_s,
             u"\\'"_s,
             u"a"_s + QChar(0) + u"b"_s,
             u"?"_s,
             u":name $1"_s,
             u"/* */ #"_s,
             u"😀"_s,
             QString(QChar(0xD800)),
             QString(300, u'\'') };
}

class Generator
{
public:
    explicit Generator(quint32 seed) : m_random(seed) { }

    int below(int n) { return int(m_random.bounded(quint32(n))); }
    bool chance(int percent) { return below(100) < percent; }
    template<typename T>
    const T &pick(const QList<T> &list)
    {
        return list.at(below(int(list.size())));
    }

    QRandomGenerator &random() { return m_random; }

    QVariant value()
    {
        switch (below(16)) {
        case 0:
            return pick(QList<QVariant>{ 0, 1, -1, std::numeric_limits<int>::min(),
                                         std::numeric_limits<int>::max() });
        case 1:
            return pick(QList<QVariant>{ std::numeric_limits<qint64>::min(),
                                         std::numeric_limits<qint64>::max(),
                                         qint64(m_random.generate64()) });
        case 2:
            return QVariant(std::numeric_limits<quint64>::max());
        case 3: {
            const double doubles[] = { std::numeric_limits<double>::quiet_NaN(),
                                       std::numeric_limits<double>::infinity(),
                                       -std::numeric_limits<double>::infinity(),
                                       -0.0,
                                       std::numeric_limits<double>::denorm_min(),
                                       std::numeric_limits<double>::max(),
                                       m_random.generateDouble() * 1e6 };
            return doubles[below(7)];
        }
        case 4:
        case 5:
            return QVariant(valueMarker + pick(hostileValues()));
        case 6:
            return QVariant(valueMarker.toUtf8() + QByteArray(below(5), char(below(256))));
        case 7:
            return pick(QList<QVariant>{ QDate(1, 1, 1), QDate(9999, 12, 31), QDate(2024, 2, 29) });
        case 8:
            return QVariant(QTime(23, 59, 59, 999));
        case 9:
            return pick(QList<QVariant>{
                    QVariant(QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC)),
                    QVariant(QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC)),
                    QVariant(QDateTime(QDate(2024, 6, 1), QTime(12, 0), QTimeZone(-8 * 3600))) });
        case 10:
            return chance(50);
        case 11:
            return QVariant::fromValue(QUuid::createUuid());
        case 12:
            return QVariant();
        case 13:
            return QVariant(QString());
        default:
            return qint64(m_random.bounded(100000, 1000000000));
        }
    }

    // The sources a column may come from (the FROM of the statement being built).
    QList<std::pair<FromClause, const FuzzTable *>> scope;
    QStringList usedNames; // labels, aliases and CTE names used by the current statement
    const FuzzTable *t1 = nullptr;
    const FuzzTable *t2 = nullptr;
    int subqueryDepth = 0;

    Expression column()
    {
        if (scope.isEmpty())
            return Expression(value());
        const auto &[source, table] = scope.at(below(int(scope.size())));
        if (chance(2))
            return source[u"nope\"; DROP TABLE x; --"_s]; // unknown: the statement must fail
        return source[pick(table->columns).first];
    }

    Expression operand(int depth)
    {
        if (depth <= 0 || chance(30))
            return chance(55) ? column() : Expression(value());
        switch (below(14)) {
        case 0: {
            const Expression a = operand(depth - 1);
            const Expression b = operand(depth - 1);
            switch (below(6)) {
            case 0:
                return a + b;
            case 1:
                return a - b;
            case 2:
                return a * b;
            case 3:
                return a / b;
            case 4:
                return a % b;
            default:
                return a.concat(b);
            }
        }
        case 1:
            return -operand(depth - 1);
        case 2:
            return -(-operand(depth - 1));
        case 3: {
            switch (below(9)) {
            case 0:
                return Function::count(chance(50) ? Expression() : operand(depth - 1));
            case 1:
                return Function::sum(operand(depth - 1));
            case 2:
                return Function::max(operand(depth - 1));
            case 3:
                return Function::lower(operand(depth - 1));
            case 4:
                return Function::length(operand(depth - 1));
            case 5:
                return Function::abs(operand(depth - 1));
            case 6:
                return Function::coalesce({ operand(depth - 1), operand(depth - 1) });
            case 7:
                return Function::count(operand(depth - 1).distinct());
            default:
                return Function::now();
            }
        }
        case 4: {
            static const QStringList names{
                u"abs"_s,   u"upper"_s,   u"coalesce"_s, u"abs(1); DROP"_s,    u"x y"_s, u"1abc"_s,
                u"a.b.c"_s, u"lo\"wer"_s, u""_s,         u"pg_catalog.lower"_s
            };
            return Function::named(pick(names), { operand(depth - 1) });
        }
        case 5: {
            static const QList<SqlType> types{ SqlType::integer(),         SqlType::bigInteger(),
                                               SqlType::string(20),        SqlType::text(),
                                               SqlType::doublePrecision(), SqlType::date(),
                                               SqlType::numeric(10, 2),    SqlType::boolean() };
            return cast(operand(depth - 1), pick(types));
        }
        case 6:
            return caseWhen({ { condition(depth - 1), operand(depth - 1) } },
                            chance(50) ? operand(depth - 1) : Expression());
        case 7:
            return caseOf(operand(depth - 1), { { Expression(value()), operand(depth - 1) } },
                          operand(depth - 1));
        case 8:
            if (subqueryDepth < 2)
                return subquery(depth - 1).limit(1).scalarSubquery();
            return column();
        case 9:
            return literal(value(), chance(50) ? SqlType::text() : SqlType());
        case 10:
            return parameter(pick(QStringList{ u"p"_s, u"p x'"_s, u"1"_s }));
        case 11:
            return chance(50) ? trueValue() : falseValue();
        case 12:
            return null();
        default:
            return column();
        }
    }

    QList<Expression> valueList(int depth)
    {
        QList<Expression> list;
        const int size = below(6);
        for (int i = 0; i < size; ++i)
            list += chance(80) ? Expression(value()) : operand(depth);
        return list;
    }

    Expression condition(int depth)
    {
        if (depth <= 0 || chance(20)) {
            const Expression a = operand(depth - 1);
            const Expression b = operand(depth - 1);
            switch (below(7)) {
            case 0:
                return a == b;
            case 1:
                return a != b;
            case 2:
                return a < b;
            case 3:
                return a >= b;
            case 4:
                return a == nullptr;
            case 5:
                return a.isNotNull();
            default:
                return a > b;
            }
        }
        switch (below(13)) {
        case 0:
            return condition(depth - 1) && condition(depth - 1);
        case 1:
            return condition(depth - 1) || condition(depth - 1);
        case 2:
            return !condition(depth - 1);
        case 3:
            return operand(depth - 1).in(valueList(depth - 1));
        case 4: {
            QVariantList values;
            for (int i = below(4); i > 0; --i)
                values += value();
            return operand(depth - 1).notIn(values);
        }
        case 5: {
            static const QList<QChar> escapes{ QChar(), u'!', u'\\', u'#' };
            const QChar escape = pick(escapes);
            const QString pattern = valueMarker
                    + Expression::escapeLikePattern(pick(hostileValues()),
                                                    escape.isNull() ? u'\\' : escape)
                    + u'%';
            switch (below(4)) {
            case 0:
                return operand(depth - 1).like(pattern, escape);
            case 1:
                return operand(depth - 1).notLike(pattern, escape);
            case 2:
                return operand(depth - 1).ilike(pattern, escape);
            default:
                return operand(depth - 1).notIlike(pattern, escape);
            }
        }
        case 6:
            return operand(depth - 1).between(Expression(value()), Expression(value()));
        case 7:
            return operand(depth - 1).notBetween(operand(depth - 1), operand(depth - 1));
        case 8:
            if (subqueryDepth < 2)
                return exists(subquery(depth - 1).where(condition(depth - 1)));
            return condition(depth - 1);
        case 9:
            if (subqueryDepth < 2)
                return operand(depth - 1).in(subquery(depth - 1));
            return condition(depth - 1);
        case 10: {
            QList<Expression> parts;
            for (int i = below(4); i > 0; --i)
                parts += condition(depth - 1);
            return chance(50) ? allOf(parts) : anyOf(parts);
        }
        case 11:
            return chance(50) ? trueValue() : falseValue();
        default:
            return operand(depth - 1) == Expression(value());
        }
    }

    // SELECT one column of the second table (or an alias of it), correlated or not.
    Select subquery(int depth)
    {
        ++subqueryDepth;
        FromClause source = t2->table;
        if (chance(40)) {
            const QString alias = pick(hostileAliases()) + QString::number(subqueryDepth);
            usedNames += alias;
            source = t2->table.alias(alias);
        }
        const auto saved = scope;
        scope.prepend({ source, t2 }); // its own columns, and the enclosing ones
        Select select = Qorm::select({ source[pick(t2->columns).first] }).from(source);
        if (chance(50))
            select = select.where(condition(depth));
        scope = saved;
        --subqueryDepth;
        return select;
    }

    QString label()
    {
        const QString name = pick(hostileLabels()) + QString::number(below(3));
        usedNames += name;
        return name;
    }

    Statement statement()
    {
        usedNames.clear();
        scope.clear();
        derivedColumns.clear();
        const int depth = 1 + below(4);
        switch (below(10)) {
        case 0: {
            QVariantMap row;
            for (int i = 1 + below(4); i > 0; --i)
                row.insert(chance(3) ? u"nope'\""_s : pick(t1->columns).first, value());
            Insert insert = Qorm::insert(t1->table).values(row);
            if (chance(20))
                insert = insert.value(pick(t1->columns).first, operand(1));
            if (chance(20))
                insert = insert.onConflictDoNothing({ u"id"_s });
            else if (chance(20))
                insert = insert.onConflictDoUpdate({ u"id"_s }, { pick(t1->columns).first });
            if (chance(30))
                insert = insert.returning({ t1->table[pick(t1->columns).first] });
            return insert;
        }
        case 1: {
            scope = { { t1->table, t1 } };
            Update update = Qorm::update(t1->table);
            for (int i = 1 + below(3); i > 0; --i)
                update = update.set(pick(t1->columns).first,
                                    chance(50) ? Expression(value()) : operand(depth));
            if (chance(80))
                update = update.where(condition(depth));
            return update;
        }
        case 2: {
            scope = { { t1->table, t1 } };
            return deleteFrom(t1->table).where(condition(depth));
        }
        default:
            return select(depth);
        }
    }

    // The sources made from selects: their column names, one entry per source made.
    std::deque<FuzzTable> derivedColumns;

    FromClause derivedSource()
    {
        const auto saved = scope;
        scope = { { t2->table, t2 } };
        FuzzTable columns;
        QList<Expression> labelled;
        for (int i = 1 + below(3); i > 0; --i) {
            const QString name = label() + QString::number(i);
            usedNames += name;
            labelled += operand(1).label(name);
            columns.columns += { name, SqlType() };
        }
        Select inner = Qorm::select(labelled).from(t2->table);
        if (chance(50))
            inner = inner.where(condition(1));
        scope = saved;
        const QString name = pick(hostileAliases()) + u" derived"_s;
        usedNames += name;
        derivedColumns.push_back(columns);
        if (chance(50))
            return inner.subquery(name);
        return inner.cte(name);
    }

    Select select(int depth)
    {
        FromClause source = t1->table;
        if (chance(30)) {
            const QString alias = pick(hostileAliases());
            usedNames += alias;
            source = t1->table.alias(alias);
        }
        scope = { { source, t1 } };
        FromClause from = source;
        if (chance(30)) {
            scope += { t2->table, t2 };
            from = source.join(t2->table, condition(1),
                               chance(50) ? FromClause::InnerJoin : FromClause::LeftJoin);
        } else if (chance(15)) {
            // A derived table or a CTE, whose columns are labels with hostile names.
            const FromClause derived = derivedSource();
            scope += { derived, &derivedColumns.back() };
            from = source.join(derived, condition(1), FromClause::LeftJoin);
        }
        QList<Expression> columns;
        for (int i = 1 + below(4); i > 0; --i) {
            Expression column = operand(depth);
            if (chance(50))
                column = column.label(label());
            columns += column;
        }
        Select select = Qorm::select(columns).from(from);
        if (chance(70))
            select = select.where(condition(depth));
        if (chance(15))
            select = select.groupBy({ column() }).having(condition(1));
        if (chance(40)) {
            QList<Expression> order;
            for (int i = 1 + below(2); i > 0; --i) {
                Expression term = column();
                switch (below(4)) {
                case 0:
                    term = term.descending();
                    break;
                case 1:
                    term = term.ascending().nullsFirst();
                    break;
                case 2:
                    term = term.descending().nullsLast();
                    break;
                default:
                    break;
                }
                order += term;
            }
            select = select.orderBy(order);
        }
        if (chance(20))
            select = select.distinct();
        if (chance(30))
            select = select.limit(pick(
                    QList<qint64>{ 0, 1, 10, -1, 123456789, std::numeric_limits<qint64>::max() }));
        if (chance(15))
            select = select.offset(pick(QList<qint64>{ 0, 5, 987654321, -3 }));
        if (chance(10)) {
            const auto saved = scope;
            scope = { { t1->table, t1 } };
            Select other = Qorm::select(QList<Expression>(columns.size(), Expression(value())))
                                   .from(t1->table)
                                   .where(condition(1));
            scope = saved;
            select = chance(50) ? select.unionAll(other) : select.intersect(other);
        }
        return select;
    }

private:
    QRandomGenerator m_random;
};

FuzzTable makeTable(MetaData &metadata, const QString &name,
                    const QList<std::pair<QString, SqlType>> &columns)
{
    FuzzTable result;
    result.columns = columns;
    QList<Column> definition{ Column(u"id"_s, SqlType::integer(),
                                     { .primaryKey = true, .autoincrement = Autoincrement::No }) };
    for (const auto &[column, type] : columns)
        definition += Column(column, type);
    result.columns.prepend({ u"id"_s, SqlType::integer() });
    result.table = Table(metadata, name, definition);
    return result;
}

// ------------------------------------------------------------------ run-time classes

/*
    A class deriving from FuzzBase that adds class info only: its metaobject is built here in
    the layout moc writes (revision 10: a header of 14 integers, then the class-info pairs, the
    strings as offsets and sizes before their characters). Nothing else about it is read: it
    has no methods, properties or enums of its own.
*/
class RuntimeClass
{
public:
    RuntimeClass(const QByteArray &className, const QList<std::pair<QByteArray, QByteArray>> &info)
    {
        QList<QByteArray> strings{ className };
        for (const auto &[key, value] : info)
            strings << key << value;
        qsizetype characters = 0;
        for (const QByteArray &string : std::as_const(strings))
            characters += string.size() + 1;
        const qsizetype header = 2 * strings.size() * qsizetype(sizeof(uint));
        m_strings.assign(size_t((header + characters) / sizeof(uint) + 1), 0);
        char *base = reinterpret_cast<char *>(m_strings.data());
        qsizetype offset = header;
        for (qsizetype i = 0; i < strings.size(); ++i) {
            m_strings[size_t(2 * i)] = uint(offset);
            m_strings[size_t(2 * i + 1)] = uint(strings.at(i).size());
            std::memcpy(base + offset, strings.at(i).constData(), size_t(strings.at(i).size()));
            offset += strings.at(i).size() + 1;
        }
        const uint revision = FuzzBase::staticMetaObject.d.data[0];
        m_data = { revision, 0, uint(info.size()), 14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 };
        for (qsizetype i = 0; i < info.size(); ++i)
            m_data.insert(m_data.end(), { uint(1 + 2 * i), uint(2 + 2 * i) });
        m_data.push_back(0);
        m_metaObject.d.superdata = &FuzzBase::staticMetaObject;
        m_metaObject.d.stringdata = m_strings.data();
        m_metaObject.d.data = m_data.data();
        m_metaObject.d.static_metacall = nullptr;
        m_metaObject.d.relatedMetaObjects = nullptr;
        // The class's own metatype (after its properties and enums, of which it has none): the
        // base's, so that the registry sees a default constructor.
        m_metaTypes[0] = QMetaType::fromType<FuzzBase>().iface();
        m_metaObject.d.metaTypes = m_metaTypes;
        m_metaObject.d.extradata = nullptr;
    }
    RuntimeClass(const RuntimeClass &) = delete;
    RuntimeClass &operator=(const RuntimeClass &) = delete;

    const QMetaObject &metaObject() const { return m_metaObject; }

private:
    std::vector<uint> m_strings;
    std::vector<uint> m_data;
    const QtPrivate::QMetaTypeInterface *m_metaTypes[1] = { nullptr };
    QMetaObject m_metaObject{};
};

// Pieces of mapping text, put together at random and then mutated.
struct MappingGenerator
{
    Generator &g;

    QStringList properties() const
    {
        return { u"id"_s,  u"count"_s, u"name"_s, u"ratio"_s, u"flag"_s, u"at"_s,
                 u"day"_s, u"clock"_s, u"data"_s, u"uuid"_s,  u"json"_s, u"other"_s };
    }

    static QStringList names()
    {
        return { u"t"_s,          u"we\"ird"_s,    u"back`tick"_s,  u"select"_s,
                 u"with space"_s, u"semi;colon"_s, u"it''s"_s,      u"'quoted'"_s,
                 u"ünï"_s,        u"a.b"_s,        u"MixedCase"_s,  u"/* c */"_s,
                 u"-- x"_s,       u"x = 1"_s,      u"plain_name"_s, QString(70, u'x') };
    }

    QString option()
    {
        static const QStringList flags{ u"primaryKey"_s, u"nullable"_s, u"notNull"_s,  u"unique"_s,
                                        u"index"_s,      u"version"_s,  u"transient"_s };
        static const QStringList types{ u"string(40)"_s, u"text"_s,           u"integer"_s,
                                        u"bigInteger"_s, u"numeric(10, 2)"_s, u"double"_s,
                                        u"json"_s,       u"binary"_s,         u"date"_s,
                                        u"string(x)"_s,  u"numeric(0)"_s,     u"bogus"_s };
        static const QStringList literals{ u"0"_s,          u"-1"_s,
                                           u"true"_s,       u"now"_s,
                                           u"'now'"_s,      u"'a; b'"_s,
                                           u"'it''s'"_s,    u"x'); DROP TABLE t; --"_s,
                                           u"2024-02-29"_s, u"2024-05-01T12:00:00Z"_s,
                                           u"{\"a\": 1}"_s, u"1e999"_s,
                                           u"'\\'"_s,       u"9223372036854775808"_s };
        switch (g.below(12)) {
        case 0:
        case 1:
            return g.pick(flags);
        case 2:
            return u"column="_s + quoteMaybe(g.pick(names()));
        case 3:
            return u"type="_s + g.pick(types);
        case 4:
            return u"length="_s
                    + g.pick(QStringList{ u"10"_s, u"0"_s, u"-5"_s, u"x"_s, u"99999999999"_s });
        case 5:
            return g.pick(QStringList{ u"default="_s, u"serverDefault="_s, u"onUpdate="_s })
                    + g.pick(literals);
        case 6:
            return u"foreignKey="_s + g.pick(names()) + u'.' + g.pick(names())
                    + (g.chance(50) ? u"; onDelete="_s
                                       + g.pick(
                                               QStringList{ u"cascade"_s, u"setNull"_s, u"drop"_s })
                                    : QString());
        case 7:
            return u"autoincrement="_s
                    + g.pick(QStringList{ u"no"_s, u"yes"_s, u"auto"_s, u"x"_s });
        case 8:
            return u"comment="_s + quoteMaybe(g.pick(names()));
        case 9:
            return g.pick(QStringList{ u"primarykey"_s, u"=x"_s, u"'"_s, u";;"_s, u"a=b=c"_s });
        default:
            return g.pick(flags);
        }
    }

    QString quoteMaybe(const QString &text)
    {
        if (!g.chance(50))
            return text;
        QString quoted = text;
        return u'\'' + quoted.replace(u'\'', u"''"_s) + u'\'';
    }

    QString columnText()
    {
        QStringList options;
        for (int i = 1 + g.below(4); i > 0; --i)
            options += option();
        return options.join(g.chance(80) ? u"; "_s : u";"_s);
    }

    QString relationshipText()
    {
        static const QStringList parts{
            u"FuzzTarget"_s,   u"backPopulates=x"_s,   u"cascade=all,delete-orphan"_s,
            u"foreignKey=y"_s, u"secondary=we\"ird"_s, u"orderBy=name desc; --"_s,
            u"lazy=select"_s,  u"uselist=false"_s,     u"'"_s,
        };
        QStringList text;
        for (int i = 1 + g.below(3); i > 0; --i)
            text += g.pick(parts);
        return text.join(u"; "_s);
    }

    // One class-info entry.
    std::pair<QString, QString> entry()
    {
        switch (g.below(14)) {
        case 0:
            return { u"qorm.table"_s, g.pick(names()) };
        case 1:
            return { u"qorm.schema"_s, g.pick(QStringList{ u""_s, u"main"_s, u"we\"ird"_s }) };
        case 2:
            return { u"qorm.primaryKey"_s,
                     g.pick(QStringList{ u"id"_s, u"id, count"_s, u""_s, u"nope"_s, u", ,"_s }) };
        case 3:
            return { u"qorm.exclude"_s, g.pick(properties()) };
        case 4:
        case 5:
        case 6:
        case 7:
            return { u"qorm.column."_s + g.pick(properties()), columnText() };
        case 8:
            return { u"qorm.index."_s + g.pick(names()),
                     g.pick(properties()) + u", "_s + g.pick(properties())
                             + g.pick(QStringList{ u""_s, u"; unique"_s, u"; uniq"_s }) };
        case 9:
            return { u"qorm.relationship.other"_s, relationshipText() };
        case 10:
            return { u"qorm.comment"_s, g.pick(names()) };
        case 11:
            return { u"qorm.display"_s, g.pick(properties()) };
        case 12:
            return { u"qorm.label."_s + g.pick(properties()), g.pick(names()) };
        default:
            return { u"qorm."_s + g.pick(QStringList{ u"colum.id"_s, u"tabel"_s, u"x"_s, u""_s }),
                     u"primaryKey"_s };
        }
    }

    // Random edits: a character inserted, removed or replaced with one that matters to the
    // parser (quotes, separators, '=', parentheses, non-ASCII).
    QString mutate(QString text)
    {
        static const QString specials = u"';=,.()\"` \\x9é😀"_s;
        for (int i = g.below(3); i > 0; --i) {
            const int at = text.isEmpty() ? 0 : g.below(int(text.size()) + 1);
            switch (g.below(3)) {
            case 0:
                text.insert(at, specials.at(g.below(int(specials.size()))));
                break;
            case 1:
                if (at < text.size())
                    text.remove(at, 1);
                break;
            default:
                if (at < text.size())
                    text[at] = specials.at(g.below(int(specials.size())));
                break;
            }
        }
        return text;
    }
};

} // namespace

class tst_Fuzz : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();

    void scanner();
    void negativeLimitIsRefused();
    void updateSetTwiceKeepsTheLast();
    void expressions();
    void runtimeClassIsReadLikeAMocClass();
    void mappings();

private:
    quint32 m_seed = 0;
    int m_cases = 0;
    int m_runEvery = 50;
};

void tst_Fuzz::initTestCase()
{
    m_seed = fuzzSeed();
    m_cases = envInt("QORM_FUZZ_CASES", 10000);
    m_runEvery = std::max(1, envInt("QORM_FUZZ_RUN_EVERY", 50));
    qInfo("tst_Fuzz: seed %u, %d cases per target (QORM_FUZZ_SEED=%u repeats this run)", m_seed,
          m_cases, m_seed);
}

// The scan itself: it finds what it is there to find.
void tst_Fuzz::scanner()
{
    ScanRules rules = rulesFor(Dialect::sqlite(), { u"we\"ird"_s, u"plain"_s });
    int placeholders = 0;
    QCOMPARE(
            scanSql(u"SELECT \"we\"\"ird\", plain FROM plain WHERE plain = ? AND plain IN (?, ?)"_s,
                    rules, &placeholders),
            QString());
    QCOMPARE(placeholders, 3);
    QVERIFY(!scanSql(u"SELECT \"we\"ird\" FROM plain"_s, rules, &placeholders).isEmpty());
    QVERIFY(!scanSql(u"SELECT Weird FROM plain"_s, rules, &placeholders).isEmpty());
    QVERIFY(!scanSql(u"SELECT plain FROM plain WHERE plain = 'x'"_s, rules, &placeholders)
                     .isEmpty());
    QVERIFY(!scanSql(u"SELECT plain FROM plain WHERE plain = 123456"_s, rules, &placeholders)
                     .isEmpty());
    QVERIFY(!scanSql(u"SELECT plain FROM plain -- x"_s, rules, &placeholders).isEmpty());
    QVERIFY(!scanSql(u"SELECT plain; DROP TABLE plain"_s, rules, &placeholders).isEmpty());
    QVERIFY(!scanSql(u"SELECT \"unclosed"_s, rules, &placeholders).isEmpty());
    QVERIFY(!scanSql(u"SELECT `we\"ird` FROM plain"_s, rules, &placeholders).isEmpty());
}

/*
    Found by expressions(): a negative limit meant "no limit" on SQLite, an error on PostgreSQL
    and a syntax error on MariaDB. Now no dialect compiles it.
*/
void tst_Fuzz::negativeLimitIsRefused()
{
    MetaData metadata;
    const Table table(metadata, u"t"_s,
                      { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }) });
    for (const Dialect &dialect : dialects()) {
        for (const Select &statement :
             { select(table).limit(-1), select(table).offset(-1), select(table).limit(-5).offset(2),
               select(table).unionAll(select(table)).limit(-1) }) {
            const CompiledStatement compiled = dialect.compile(statement);
            QVERIFY2(!compiled.isValid(), qPrintable(dialect.name() + u": "_s + compiled.sql()));
            QCOMPARE(compiled.error().type(), Error::InvalidRequestError);
            QVERIFY2(compiled.error().text().contains(u"cannot be negative"_s),
                     qPrintable(compiled.error().text()));
        }
        QVERIFY(dialect.compile(select(table).limit(0).offset(0)).isValid());
    }
}

/*
    Found by expressions(): update().set(a, x).set(a, y) wrote "SET a = ?, a = ?", which
    PostgreSQL refuses (42601, multiple assignments to the same column). The last value wins.
*/
void tst_Fuzz::updateSetTwiceKeepsTheLast()
{
    MetaData metadata;
    const Table table(metadata, u"t"_s,
                      { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
                        Column(u"a"_s, SqlType::integer()), Column(u"b"_s, SqlType::integer()) });
    const Update statement = update(table)
                                     .set(u"a"_s, 1)
                                     .set(u"b"_s, 2)
                                     .set(u"a"_s, 3)
                                     .set(QVariantMap{ { u"b"_s, 4 } })
                                     .where(table[u"id"_s] == 5);
    for (const Dialect &dialect : dialects()) {
        const CompiledStatement compiled = dialect.compile(statement);
        QORM_VERIFY_RESULT(compiled);
        QCOMPARE(compiled.sql(), u"UPDATE t SET a = ?, b = ? WHERE t.id = ?"_s);
        QCOMPARE(compiled.boundValues(), QVariantList({ 3, 4, 5 }));
    }
}

void tst_Fuzz::expressions()
{
    MetaData metadata;
    const FuzzTable t1 = makeTable(metadata, u"fuzz \"table\"`"_s,
                                   { { u"we\"ird"_s, SqlType::integer() },
                                     { u"back`tick"_s, SqlType::string(100) },
                                     { u"select"_s, SqlType::text() },
                                     { u"MixedCase"_s, SqlType::doublePrecision() },
                                     { u"with space"_s, SqlType::boolean() },
                                     { u"ünïcödé"_s, SqlType::date() },
                                     { u"semi;colon -- x"_s, SqlType::dateTime() },
                                     { u"/* c */"_s, SqlType::bigInteger() },
                                     { u"a.b"_s, SqlType::string(50) },
                                     { u"it's"_s, SqlType::binary() },
                                     { u"plain_col"_s, SqlType::integer() },
                                     { u"time"_s, SqlType::time() } });
    const FuzzTable t2 = makeTable(metadata, u"Other`;--"_s,
                                   { { u"?:$1 @v %s"_s, SqlType::integer() },
                                     { u"\"\"\""_s, SqlType::string(50) },
                                     { u"``"_s, SqlType::doublePrecision() },
                                     { u"x' OR '1'='1"_s, SqlType::text() },
                                     { u"camelCase"_s, SqlType::integer() } });

    QStringList identifiers{ t1.table.name(), t2.table.name() };
    for (const auto &[name, type] : t1.columns + t2.columns)
        identifiers += name;

    QORM_CONNECT_CLEAN(db, u"sqlite"_s);
    QVERIFY2(metadata.createAll(db), qPrintable(Test::describe(db.lastError())));
    // The servers that are configured run the same sample.
    std::vector<std::pair<QString, std::unique_ptr<Connection>>> servers;
    for (const QString &database : Test::databases()) {
        if (database == u"sqlite"_s)
            continue;
        QString message;
        std::unique_ptr<Connection> server = Test::connect(database, &message);
        QVERIFY2(server, qPrintable(message));
        QVERIFY2(Test::resetSchema(*server, &message), qPrintable(message));
        QVERIFY2(metadata.createAll(*server), qPrintable(Test::describe(server->lastError())));
        servers.emplace_back(database, std::move(server));
    }
    QMap<QString, int> serverRuns;
    QMap<QString, int> serverSuccesses;

    Generator g(m_seed);
    g.t1 = &t1;
    g.t2 = &t2;
    const QList<Dialect> all = dialects();
    int compiled = 0;
    int refused = 0;
    int executed = 0;
    int executedOk = 0;
    QMap<QString, int> refusals;
    QMap<QString, int> failures; // of the statements run, by database and message
    for (int n = 0; n < m_cases; ++n) {
        const Statement statement = g.statement();
        QStringList names = identifiers + g.usedNames;
        for (const Dialect &dialect : all) {
            const CompiledStatement result = dialect.compile(statement);
            const QString where =
                    u"case %1 (seed %2), %3: "_s.arg(n).arg(m_seed).arg(dialect.name());
            if (!result.isValid()) {
                ++refused;
                QVERIFY2(result.error().type() != Error::NoError
                                 && !result.error().text().isEmpty(),
                         qPrintable(where + u"refused without an error"_s));
                QVERIFY2(result.sql().isEmpty(), qPrintable(where + result.sql()));
                refusals[result.error().text().left(40)]++;
                continue;
            }
            ++compiled;
            const QString sql = result.sql();
            int placeholders = 0;
            const QString problem = scanSql(sql, rulesFor(dialect, names), &placeholders);
            QVERIFY2(problem.isEmpty(), qPrintable(where + problem + u"\n"_s + printable(sql)));
            QVERIFY2(placeholders == result.boundValues().size(),
                     qPrintable(where
                                + u"%1 placeholders, %2 bound values\n"_s.arg(placeholders)
                                          .arg(result.boundValues().size())
                                + printable(sql)));
            QVERIFY2(!sql.contains(valueMarker),
                     qPrintable(where + u"a value is in the SQL\n"_s + printable(sql)));
        }

        // Every 50th statement (QORM_FUZZ_RUN_EVERY) runs on the databases: the SQL is valid,
        // or the error is clean.
        if (n % m_runEvery != 0)
            continue;
        // On a server: valid SQL, whatever the database thinks of the types and values (never
        // a syntax error: SQLSTATE 42601, MariaDB error 1064). libpq and the MariaDB client end
        // the text at a NUL, so a statement with one is not sent.
        for (const auto &[name, server] : servers) {
            const CompiledStatement forServer = server->dialect().compile(statement);
            if (!forServer.isValid() || !forServer.unboundParameters().isEmpty()
                || forServer.sql().contains(QChar(0)))
                continue;
            ++serverRuns[name];
            Result run = server->execute(forServer);
            if (run.isValid()) {
                ++serverSuccesses[name];
                continue;
            }
            const Error error = run.error();
            QVERIFY2(error.type() != Error::NoError && !error.text().isEmpty(),
                     qPrintable(u"case %1: failed without an error on %2"_s.arg(n).arg(name)));
            // QPSQL writes values into an EXECUTE statement, which libpq ends at a NUL: a value
            // with one is a syntax error there (see tst_hostile::nulInTextOnPostgreSql()).
            const QVariantList values = forServer.boundValues();
            if (name == u"postgresql"_s
                && std::any_of(values.cbegin(), values.cend(), [](const QVariant &value) {
                       return value.typeId() == QMetaType::QString
                               && value.toString().contains(QChar(0));
                   })) {
                failures[name + u": a NUL in a value"_s]++;
                continue;
            }
            failures[name + u": "_s + error.text().left(60)]++;
            const QString code = error.nativeErrorCode();
            QVERIFY2(code != u"42601"_s && code != u"1064"_s,
                     qPrintable(
                             u"case %1 (seed %2): %3 rejects the SQL: %4"_s.arg(n).arg(m_seed).arg(
                                     name, Test::describe(error))));
        }
        const CompiledStatement forSqlite = db.dialect().compile(statement);
        // Not run: unbound parameters, and schema-qualified function names (which SQLite's
        // grammar does not have: Function::named() accepts them for the servers).
        if (!forSqlite.isValid() || !forSqlite.unboundParameters().isEmpty()
            || forSqlite.sql().contains(u"pg_catalog."_s))
            continue;
        ++executed;
        Result run = db.execute(statement);
        if (run.isValid()) {
            ++executedOk;
            continue;
        }
        const Error error = run.error();
        QVERIFY2(error.type() != Error::NoError && !error.text().isEmpty(),
                 qPrintable(u"case %1: failed without an error"_s.arg(n)));
        // SQLite ends statement text at a NUL (here always inside a quoted name): the open
        // quote is an unrecognized token, never a shorter statement.
        failures[u"sqlite: "_s + error.text().left(60)]++;
        // A value no database stores (an unpaired surrogate, a quint64 beyond qint64) is
        // refused before it is sent.
        if (error.type() == Error::InvalidRequestError
            && error.text().contains(u"which no database stores"_s))
            continue;
        if (forSqlite.sql().contains(QChar(0))) {
            QVERIFY2(error.text().contains(u"unrecognized token"_s),
                     qPrintable(Test::describe(error)));
            continue;
        }
        QVERIFY2(!error.text().contains(u"syntax error"_s, Qt::CaseInsensitive)
                         && !error.text().contains(u"unrecognized token"_s),
                 qPrintable(
                         u"case %1 (seed %2): SQLite rejects the SQL: %3"_s.arg(n).arg(m_seed).arg(
                                 Test::describe(error))));
    }
    // Both tables are whole: nothing ran as SQL that was not meant to.
    for (const FuzzTable *table : { &t1, &t2 }) {
        Result count = db.execute(select({ Function::count() }).from(table->table));
        QORM_VERIFY_RESULT(count);
    }
    for (const auto &[name, server] : servers) {
        for (const FuzzTable *table : { &t1, &t2 })
            QORM_VERIFY_RESULT(server->execute(select({ Function::count() }).from(table->table)));
        qInfo("expressions: %d run on %s, %d of them succeeded", serverRuns.value(name),
              qPrintable(name), serverSuccesses.value(name));
        QVERIFY(serverSuccesses.value(name) > 0 || m_cases < 500);
    }
    QStringList failed;
    for (auto it = failures.cbegin(); it != failures.cend(); ++it)
        failed += u"%1x %2"_s.arg(it.value()).arg(it.key());
    qInfo("expressions: %d compiled, %d refused (first reasons: %s), %d run on SQLite, %d of them "
          "succeeded; failures: %s",
          compiled, refused, qPrintable(QStringList(refusals.keys()).mid(0, 5).join(u" | "_s)),
          executed, executedOk, qPrintable(failed.join(u" | "_s)));
    // The generator is useful only if most statements compile and some run.
    QVERIFY2(compiled > refused, "most generated statements should compile");
    QVERIFY(executedOk > 0 || m_cases < 500);
}

// The run-time class is what moc would have made: its class info and its base's properties.
void tst_Fuzz::runtimeClassIsReadLikeAMocClass()
{
    const RuntimeClass runtime("RuntimeThing",
                               { { "qorm.table", "runtime_thing" },
                                 { "qorm.column.id", "primaryKey" },
                                 { "qorm.column.name", "length=40; unique" } });
    const QMetaObject &metaObject = runtime.metaObject();
    QCOMPARE(QByteArray(metaObject.className()), QByteArray("RuntimeThing"));
    QCOMPARE(metaObject.superClass(), &FuzzBase::staticMetaObject);
    QCOMPARE(metaObject.classInfoCount() - metaObject.classInfoOffset(), 3);
    QCOMPARE(QByteArray(metaObject.classInfo(metaObject.classInfoOffset() + 2).value()),
             QByteArray("length=40; unique"));
    QCOMPARE(metaObject.indexOfProperty("name"),
             FuzzBase::staticMetaObject.indexOfProperty("name"));

    Registry registry;
    QVERIFY2(registry.map(metaObject), qPrintable(registry.lastError().text()));
    const Mapper mapper = registry.mapper(metaObject);
    QCOMPARE(mapper.table().name(), u"runtime_thing"_s);
    QCOMPARE(mapper.primaryKey().size(), 1);
    QCOMPARE(mapper.columnFor(u"name"_s).columnType().length(), 40);

    // And a mistake in it is reported as one in a moc'd class would be.
    const RuntimeClass wrong(
            "RuntimeWrong",
            { { "qorm.table", "runtime_wrong" }, { "qorm.column.id", "primaryKey; lenght=3" } });
    Registry refusing;
    QVERIFY(!refusing.map(wrong.metaObject()));
    QCOMPARE(refusing.lastError().type(), Error::MappingError);
    QVERIFY2(refusing.lastError().text().contains(u"lenght"_s),
             qPrintable(refusing.lastError().text()));
}

void tst_Fuzz::mappings()
{
    // Every refused mapping is also a warning in the log: thousands of them here.
    QLoggingCategory::setFilterRules(u"qorm.mapping.warning=false"_s);
    QORM_CONNECT_CLEAN(db, u"sqlite"_s);
    std::vector<std::pair<QString, std::unique_ptr<Connection>>> servers;
    for (const QString &database : Test::databases()) {
        if (database == u"sqlite"_s)
            continue;
        QString message;
        std::unique_ptr<Connection> server = Test::connect(database, &message);
        QVERIFY2(server, qPrintable(message));
        QVERIFY2(Test::resetSchema(*server, &message), qPrintable(message));
        servers.emplace_back(database, std::move(server));
    }
    QMap<QString, int> serverCreated;
    int probedDefaults = 0; // defaults compared between databases
    Generator g(m_seed ^ 0x9e3779b9u);
    MappingGenerator m{ g };
    const QList<Dialect> all = dialects();
    int accepted = 0;
    int refusedCount = 0;
    for (int n = 0; n < m_cases; ++n) {
        // A valid base most of the time, so that the random entries are what is judged.
        QList<std::pair<QString, QString>> entries;
        if (g.chance(85))
            entries += { u"qorm.table"_s, g.pick(MappingGenerator::names()) };
        if (g.chance(85))
            entries += { u"qorm.column.id"_s, u"primaryKey"_s };
        QList<std::pair<QString, QString>> fuzzed;
        for (int i = g.below(4); i >= 0; --i) {
            auto entry = m.entry();
            if (g.chance(35)) {
                if (g.chance(20))
                    entry.first = m.mutate(entry.first);
                else
                    entry.second = m.mutate(entry.second);
            }
            fuzzed += entry;
        }
        entries += fuzzed;
        // A hostile server default for the name: DDL is the one place where a value is written
        // into the SQL text.
        if (g.chance(15)) {
            QString text = g.pick(hostileValues()) + g.pick(hostileValues());
            entries += { u"qorm.column.name"_s,
                         u"serverDefault='"_s + text.replace(u'\'', u"''"_s) + u'\'' };
        }
        QList<std::pair<QByteArray, QByteArray>> info;
        for (const auto &[key, value] : std::as_const(entries))
            info += { key.toUtf8(), value.toUtf8() };
        // moc stores C strings: a NUL would end them, so there is none.
        // What the parser reads is that UTF-8 (a lone surrogate became '?'): judge by it.
        entries.clear();
        for (auto &[key, value] : info) {
            key.replace('\0', ' ');
            value.replace('\0', ' ');
            entries += { QString::fromUtf8(key), QString::fromUtf8(value) };
        }
        const QByteArray className = "Fuzz" + QByteArray::number(n);
        const RuntimeClass runtime(className, info);
        const QString where = u"case %1 (seed %2), class info %3: "_s.arg(n).arg(m_seed).arg([&] {
            QStringList text;
            for (const auto &[key, value] : std::as_const(entries))
                text += key + u" = "_s + value;
            return text.join(u" | "_s);
        }());

        Registry registry;
        if (!registry.map(runtime.metaObject())) {
            ++refusedCount;
            const Error error = registry.lastError();
            QVERIFY2(error.type() == Error::MappingError, qPrintable(where + error.text()));
            // The message names the class and something that was declared.
            QVERIFY2(error.text().contains(QString::fromLatin1(className)),
                     qPrintable(where + error.text()));
            bool named = error.text().contains(u"table name"_s)
                    || error.text().contains(u"primary key"_s);
            for (const auto &[key, value] : std::as_const(entries)) {
                const QString suffix = key.section(u'.', 2);
                named = named || error.text().contains(key)
                        || (!suffix.isEmpty() && error.text().contains(suffix))
                        || (!value.trimmed().isEmpty() && error.text().contains(value.trimmed()));
            }
            QVERIFY2(named, qPrintable(where + u"the message names no entry: "_s + error.text()));
            QVERIFY(!registry.mapper(runtime.metaObject()).isValid());
            continue;
        }
        ++accepted;
        (void)registry.configure(); // relationships to a class that is not mapped: an error
        const Mapper mapper = registry.mapper(runtime.metaObject());
        QVERIFY2(mapper.isValid(), qPrintable(where));

        // Its DDL passes the scan on every dialect.
        QStringList identifiers{ mapper.table().name(), mapper.table().schema() };
        for (const Index &index : mapper.table().indexes())
            identifiers += index.name();
        for (const QString &column : mapper.table().columnNames())
            identifiers += column;
        for (const ColumnProperty &property : mapper.columnProperties()) {
            const ForeignKey foreignKey = property.column().options().foreignKey;
            if (foreignKey.isValid())
                identifiers += foreignKey.target().split(u'.');
        }
        for (const Dialect &dialect : all) {
            ScanRules rules = rulesFor(dialect, identifiers);
            rules.anyString = true;
            rules.bigNumbers = true;
            for (const CompiledStatement &ddl : dialect.createTable(mapper.table())) {
                if (!ddl.isValid()) {
                    QVERIFY2(!ddl.error().text().isEmpty(), qPrintable(where));
                    continue;
                }
                int placeholders = 0;
                const QString problem = scanSql(ddl.sql(), rules, &placeholders);
                QVERIFY2(problem.isEmpty(),
                         qPrintable(where + dialect.name() + u": "_s + problem + u"\n"_s
                                    + ddl.sql()));
                QCOMPARE(placeholders, 0);
            }
        }

        // A sample (every 25th by default, QORM_FUZZ_RUN_EVERY / 2) is created on every
        // configured database: the DDL runs, or fails with a clean error, never a syntax error
        // (SQLite's "syntax error", SQLSTATE 42601, MariaDB error 1064). Where the name property
        // has a server default, a row inserted without it reads the default back: the same text
        // on every database, whose DDL literals are each escaped their own way.
        const int createEvery = std::max(1, m_runEvery / 2);
        if (accepted % createEvery != 1 % createEvery)
            continue;
        const Column nameColumn = mapper.columnFor(u"name"_s);
        const bool probeDefault = nameColumn.isValid()
                && nameColumn.options().serverDefault.isValid() && mapper.primaryKey().size() == 1;
        QMap<QString, QString> defaults;
        QList<std::pair<QString, Connection *>> connections{ { u"sqlite"_s, &db } };
        for (const auto &[name, server] : servers)
            connections += { name, server.get() };
        for (const auto &[name, connection] : connections) {
            if (!registry.metadata().createAll(*connection, CheckFirst::No)) {
                const Error error = connection->lastError();
                // MariaDB's DDL is not transactional: a table may be left by an index that failed.
                (void)registry.metadata().dropAll(*connection);
                QVERIFY2(error.type() != Error::NoError, qPrintable(where));
                QVERIFY2(!error.text().contains(u"syntax error"_s)
                                 && error.nativeErrorCode() != u"42601"_s
                                 && error.nativeErrorCode() != u"1064"_s,
                         qPrintable(where + name + u": "_s + Test::describe(error)));
                continue;
            }
            ++serverCreated[name];
            if (probeDefault) {
                const Table table = mapper.table();
                const QString key = mapper.primaryKey().first().columnName();
                if (connection->execute(insert(table).values({ { key, 1 } })).isValid()) {
                    Result read = connection->execute(select({ table[nameColumn.name()] }));
                    QORM_VERIFY_RESULT(read);
                    defaults.insert(name, read.scalar().toString());
                }
            }
            QVERIFY2(registry.metadata().dropAll(*connection),
                     qPrintable(Test::describe(connection->lastError())));
        }
        for (auto it = defaults.cbegin(); it != defaults.cend(); ++it) {
            QVERIFY2(it.value() == defaults.first(),
                     qPrintable(
                             where
                             + u"the default reads [%1] (%2 characters) on %3 but [%4] (%5) on %6"_s
                                       .arg(printable(it.value()).right(120))
                                       .arg(it.value().size())
                                       .arg(it.key(), printable(defaults.first()).right(120))
                                       .arg(defaults.first().size())
                                       .arg(defaults.firstKey())));
        }
        probedDefaults += defaults.size() > 1 ? 1 : 0;
    }
    QStringList createdOn;
    for (auto it = serverCreated.cbegin(); it != serverCreated.cend(); ++it)
        createdOn += u"%1 on %2"_s.arg(it.value()).arg(it.key());
    qInfo("mappings: %d accepted, %d refused; created %s; %d server defaults compared", accepted,
          refusedCount, qPrintable(createdOn.join(u", "_s)), probedDefaults);
    QVERIFY(accepted > 0 || m_cases < 100);
    QVERIFY(refusedCount > 0 || m_cases < 100);
}

QTEST_GUILESS_MAIN(tst_Fuzz)

#include "tst_fuzz.moc"
