// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include <Qorm/sql/compiledstatement.h>

#include <QtCore/QDebug>

using namespace Qt::StringLiterals;

namespace Qorm {

class CompiledStatementPrivate : public QSharedData
{
public:
    Error error;
    QString sql;
    QVariantList values;
    QStringList names;
    QList<SqlType> types;
    // Per value: false for a named parameter slot that has not received a value yet.
    QList<bool> bound;
    QStringList resultNames;
    QList<SqlType> resultTypes;
    bool returnsRows = false;
    Statement::Kind kind = Statement::TextStatement;
    DialectType dialect = DialectType::SQLite;
};

namespace {
// Statements are values: a setter on one copy must not change the others.
void detachOrCreate(QExplicitlySharedDataPointer<CompiledStatementPrivate> &d)
{
    if (d)
        d.detach();
    else
        d = new CompiledStatementPrivate;
}
} // namespace

/*!
    \class Qorm::CompiledStatement
    \brief SQL text with positional placeholders and the values to bind, as a dialect produced them.

    The SQL text is the statement's shape, so it doubles as the key of the prepared-statement cache.
*/

/*! Constructs an invalid statement without SQL. */
CompiledStatement::CompiledStatement() noexcept = default;

/*! Wraps trusted SQL text and its positional values, for statements Qorm does not build. */
CompiledStatement::CompiledStatement(const QString &sql, const QVariantList &boundValues)
    : d(new CompiledStatementPrivate)
{
    d->sql = sql;
    d->values = boundValues;
    d->names.resize(boundValues.size());
    d->types.resize(boundValues.size());
    d->bound.fill(true, boundValues.size());
}

/*! A statement that could not be compiled; executing it reports \a error without touching the database. */
CompiledStatement CompiledStatement::failed(const Error &error)
{
    CompiledStatement statement;
    statement.d = new CompiledStatementPrivate;
    statement.d->error = error.isValid()
            ? error
            : Error(Error::InvalidRequestError, u"compiling the statement failed"_s);
    statement.d->kind = Statement::InvalidStatement;
    return statement;
}

CompiledStatement::CompiledStatement(const CompiledStatement &other) noexcept = default;
CompiledStatement &CompiledStatement::operator=(const CompiledStatement &other) noexcept = default;
CompiledStatement::~CompiledStatement() = default;

/*! False when compiling failed (error() says why) or there is no SQL to run. */
bool CompiledStatement::isValid() const noexcept
{
    return d && !d->error.isValid() && !d->sql.isEmpty();
}

/*!
    Why compiling failed, typically an UnsupportedFeatureError or InvalidRequestError;
    an invalid Error when it did not.
*/
Error CompiledStatement::error() const
{
    return d ? d->error : Error();
}

/*! The SQL text with positional \c ? placeholders, ready for QSqlQuery::prepare(). */
QString CompiledStatement::sql() const
{
    return d ? d->sql : QString();
}

/*! The values for the placeholders, in order, already converted for the database by the dialect. */
QVariantList CompiledStatement::boundValues() const
{
    return d ? d->values : QVariantList();
}

/*!
    One entry per bound value: the name of the parameter() it came from, or an empty string for a
    value given in the statement itself. Dialect::bindParameters() uses it to fill the slots.
*/
QStringList CompiledStatement::parameterNames() const
{
    return d ? d->names : QStringList();
}

/*!
    One entry per bound value: the SQL type it is compared with or stored in, which decides how a
    value bound later is converted; invalid when unknown.
*/
QList<SqlType> CompiledStatement::parameterTypes() const
{
    return d ? d->types : QList<SqlType>();
}

/*! Lets the engine refuse to run a statement whose named parameters were never given values. */
QStringList CompiledStatement::unboundParameters() const
{
    QStringList result;
    if (!d)
        return result;
    for (qsizetype i = 0; i < d->names.size(); ++i) {
        const bool isBound = i < d->bound.size() ? d->bound.at(i) : true;
        if (!isBound && !d->names.at(i).isEmpty() && !result.contains(d->names.at(i)))
            result.append(d->names.at(i));
    }
    return result;
}

/*! True when executing the statement yields a result set: a SELECT, or DML with RETURNING. */
bool CompiledStatement::returnsRows() const noexcept
{
    return d && d->returnsRows;
}

/*! The names of the result columns (labels or column names; empty for unnamed expressions). */
QStringList CompiledStatement::resultNames() const
{
    return d ? d->resultNames : QStringList();
}

/*!
    The SQL types of the result columns, used to convert the values read back; invalid when unknown.
*/
QList<SqlType> CompiledStatement::resultTypes() const
{
    return d ? d->resultTypes : QList<SqlType>();
}

/*! The kind of statement compiled; Statement::InvalidStatement for failed(). */
Statement::Kind CompiledStatement::kind() const noexcept
{
    return d ? d->kind : Statement::InvalidStatement;
}

/*! The dialect the SQL was written for (SQLite for statements not built by a dialect). */
DialectType CompiledStatement::dialect() const noexcept
{
    return d ? d->dialect : DialectType::SQLite;
}

/*!
    Sets all values at once. A named slot (non-empty name) whose value is an invalid QVariant
    counts as unbound until setBoundValue() fills it; a typed null QVariant is a bound NULL.
*/
void CompiledStatement::setParameters(const QVariantList &values, const QStringList &names,
                                      const QList<SqlType> &types)
{
    detachOrCreate(d);
    d->values = values;
    d->names = names;
    d->names.resize(values.size());
    d->types = types;
    d->types.resize(values.size());
    d->bound.resize(values.size());
    for (qsizetype i = 0; i < values.size(); ++i)
        d->bound[i] = d->names.at(i).isEmpty() || values.at(i).isValid();
}

/*! Fills one slot; the slot counts as bound afterwards, even with an invalid (NULL) value. */
void CompiledStatement::setBoundValue(int index, const QVariant &value)
{
    if (!d || index < 0 || index >= d->values.size()) {
        qWarning("Qorm::CompiledStatement::setBoundValue: index %d out of range", index);
        return;
    }
    d.detach();
    d->values[index] = value;
    d->bound[index] = true;
}

/*! Sets resultNames() and resultTypes(); for compilers and for hand-written CompiledStatements. */
void CompiledStatement::setResultColumns(const QStringList &names, const QList<SqlType> &types)
{
    detachOrCreate(d);
    d->resultNames = names;
    d->resultTypes = types;
}

/*! Sets returnsRows(); for compilers. */
void CompiledStatement::setReturnsRows(bool returnsRows)
{
    detachOrCreate(d);
    d->returnsRows = returnsRows;
}

/*! Sets kind(); for compilers. */
void CompiledStatement::setKind(Statement::Kind kind)
{
    detachOrCreate(d);
    d->kind = kind;
}

/*! Sets dialect(); for compilers. */
void CompiledStatement::setDialect(DialectType dialect)
{
    detachOrCreate(d);
    d->dialect = dialect;
}

/*!
    Writes the SQL, the bound values and any unbound parameter names of \a statement to \a debug,
    or the error of a failed one.
*/
QDebug operator<<(QDebug debug, const CompiledStatement &statement)
{
    const QDebugStateSaver saver(debug);
    debug.nospace();
    if (statement.error().isValid())
        return debug << "Qorm::CompiledStatement(failed: " << statement.error() << ')';
    debug << "Qorm::CompiledStatement(" << statement.sql();
    if (!statement.boundValues().isEmpty())
        debug << ", " << statement.boundValues();
    const QStringList unbound = statement.unboundParameters();
    if (!unbound.isEmpty())
        debug << ", unbound " << unbound;
    return debug << ')';
}

CompiledStatement::CompiledStatement(CompiledStatement &&other) noexcept = default;

} // namespace Qorm
