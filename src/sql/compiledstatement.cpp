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

bool CompiledStatement::isValid() const noexcept
{
    return d && !d->error.isValid() && !d->sql.isEmpty();
}

Error CompiledStatement::error() const
{
    return d ? d->error : Error();
}

QString CompiledStatement::sql() const
{
    return d ? d->sql : QString();
}

QVariantList CompiledStatement::boundValues() const
{
    return d ? d->values : QVariantList();
}

QStringList CompiledStatement::parameterNames() const
{
    return d ? d->names : QStringList();
}

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

bool CompiledStatement::returnsRows() const noexcept
{
    return d && d->returnsRows;
}

QStringList CompiledStatement::resultNames() const
{
    return d ? d->resultNames : QStringList();
}

QList<SqlType> CompiledStatement::resultTypes() const
{
    return d ? d->resultTypes : QList<SqlType>();
}

Statement::Kind CompiledStatement::kind() const noexcept
{
    return d ? d->kind : Statement::InvalidStatement;
}

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

void CompiledStatement::setResultColumns(const QStringList &names, const QList<SqlType> &types)
{
    detachOrCreate(d);
    d->resultNames = names;
    d->resultTypes = types;
}

void CompiledStatement::setReturnsRows(bool returnsRows)
{
    detachOrCreate(d);
    d->returnsRows = returnsRows;
}

void CompiledStatement::setKind(Statement::Kind kind)
{
    detachOrCreate(d);
    d->kind = kind;
}

void CompiledStatement::setDialect(DialectType dialect)
{
    detachOrCreate(d);
    d->dialect = dialect;
}

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
