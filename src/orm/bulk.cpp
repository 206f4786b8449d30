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

/*!
    \enum Synchronize
    \brief How a bulk UPDATE or DELETE keeps the session's objects in step with the rows it
    changed (SQLAlchemy's \c synchronize_session), given to Session::execute().

    \value Fetch The statement returns the affected keys (RETURNING where the database has it,
                 else a SELECT of the keys first, locked where it can be) and, for an UPDATE,
                 the new values, which the objects in the identity map then hold; deleted ones
                 become deleted objects, as after a flush. BulkResult::objects() lists them.
    \value None  Nothing is read back: objects in the session keep what they hold, possibly
                 stale (expire or refresh them).
*/

/*!
    \class Qorm::EntityDml
    \brief An INSERT, UPDATE or DELETE of a mapped class's table by criteria, with property
    names where the Core statements have columns.

    Built with Qorm::insert<T>(), Qorm::update<T>() and Qorm::deleteFrom<T>(), which give the
    typed EntityInsert, EntityUpdate and EntityDelete; run by Session::execute() (or
    Session::scalars() for an INSERT whose rows come back as objects):

    \code
    session.execute(Qorm::update<Track>()
                            .where(Qorm::attribute<Track>(u"albumId"_s) == 1)
                            .set(u"plays"_s, Qorm::attribute<Track>(u"plays"_s) + 1));
    \endcode

    Each builder call returns a new statement and leaves this one unchanged. A problem (an
    unmapped class, an unknown property, a key changed by a bulk UPDATE) is kept in error():
    the first one wins, and the session reports it, an InvalidRequestError, before any SQL is
    sent.
*/

/*!
    \enum EntityDml::Kind
    \brief Which statement it is.

    \value Insert An INSERT of the rows given to EntityInsert::values().
    \value Update An UPDATE ... SET ... WHERE.
    \value Delete A DELETE ... WHERE.
*/

/*!
    \fn Qorm::EntityDml::Kind Qorm::EntityDml::kind() const noexcept
    Whether it is an INSERT, an UPDATE or a DELETE.
*/

/*!
    \fn const QMetaObject *Qorm::EntityDml::entity() const noexcept
    The mapped class whose table the statement writes.
*/

/*!
    \fn Qorm::Mapper Qorm::EntityDml::mapper() const
    The mapper of entity(), from the first live Registry that maps it; invalid when none does
    (error() then says so).
*/

/*!
    \fn Qorm::Error Qorm::EntityDml::error() const
    The first problem met while building the statement; invalid when there is none.
*/

/*!
    \fn qsizetype Qorm::EntityDml::rowCount() const
    For an INSERT, the number of rows given to values(); 0 otherwise.
*/

/*!
    \fn Qorm::Expression Qorm::EntityDml::condition() const
    The WHERE condition, the where() calls ANDed; invalid when none was given (every row).
*/

/*!
    Constructs a statement of \a kind on the table of \a entity; for the typed subclasses.
    An unmapped class is recorded in error().
*/
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

/*! ANDs \a condition to the WHERE clause. */
void EntityDml::addWhere(const Expression &condition)
{
    m_where = m_where.isValid() ? (m_where && condition) : condition;
}

/*!
    Adds `SET column = value` for \a property and \a value. An unknown property or one of
    the primary key (a bulk UPDATE does not change keys) is recorded in error().
*/
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

/*!
    Adds \a rows to insert, each a map from property name to value. An unknown property is
    recorded in error() (and the rows from it on are dropped).
*/
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

/*!
    Makes the INSERT an upsert on \a conflictProperties: skip the conflicting rows, or, when
    \a update is true, set \a updateProperties of the stored row to the new row's values
    (which must then not be empty). Replaces an earlier choice.
*/
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

/*! For an UPDATE, the columns it sets, in the order of the set() calls. */
QStringList EntityDml::setColumns() const
{
    QStringList columns;
    for (const auto &[column, value] : m_set)
        columns.append(column);
    return columns;
}

/*!
    The Core statement, with a RETURNING of \a returning when it is not empty (the session
    adds what it needs). An invalid Statement when the class is not mapped.
*/
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

/*!
    For an INSERT, the statement of \a count of its rows from row \a first, with a RETURNING
    of \a returning when it is not empty: the session splits large inserts to stay under the
    database's bound-parameter limit. An invalid Statement for an UPDATE or DELETE.
*/
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

/*!
    \class Qorm::EntityUpdate
    \brief A bulk UPDATE of the table of mapped class \c T, made by Qorm::update<T>().

    \sa EntityDml, Session::execute()
*/

/*!
    \fn Qorm::EntityUpdate<T>::EntityUpdate()
    An UPDATE of every row of \c T's table, setting nothing yet.
*/

/*!
    \fn EntityUpdate<T> EntityUpdate<T>::where(const Expression &condition) const
    The statement restricted to the rows matching \a condition; conditions are ANDed. Without
    one, every row is updated.
*/

/*!
    \fn EntityUpdate<T> EntityUpdate<T>::set(const QString &property, const Expression &value) const
    The statement also setting the column of \a property to \a value: a value or an
    expression such as `attribute<T>(u"plays"_s) + 1`. A property of the primary key is an
    error (a bulk UPDATE does not change keys).
*/

/*!
    \class Qorm::EntityDelete
    \brief A bulk DELETE from the table of mapped class \c T, made by Qorm::deleteFrom<T>().

    Cascades and back-populated relationships are not applied: the database's ON DELETE
    rules are, and with Synchronize::Fetch the deleted rows' objects become deleted objects.

    \sa EntityDml, Session::execute()
*/

/*!
    \fn Qorm::EntityDelete<T>::EntityDelete()
    A DELETE of every row of \c T's table.
*/

/*!
    \fn EntityDelete<T> EntityDelete<T>::where(const Expression &condition) const
    The statement restricted to the rows matching \a condition; conditions are ANDed. Without
    one, every row is deleted.
*/

/*!
    \class Qorm::EntityInsert
    \brief A bulk INSERT into the table of mapped class \c T, made by Qorm::insert<T>(), with
    an optional upsert.

    Session::execute() inserts the rows without making objects; Session::scalars() returns
    them as identity-mapped objects where the database has INSERT ... RETURNING.

    \sa EntityDml
*/

/*!
    \fn Qorm::EntityInsert<T>::EntityInsert()
    An INSERT with no rows yet.
*/

/*!
    \fn EntityInsert<T> EntityInsert<T>::values(const QList<QVariantMap> &rows) const
    The statement with \a rows added, each by property name; properties left out take their
    column's default. An unknown property is an error.
*/

/*!
    \fn EntityInsert<T> EntityInsert<T>::onConflictDoNothing(const QStringList &) const
    An upsert that skips the rows whose \a conflictProperties (a unique key; empty: any
    unique constraint) match a stored row.
*/

/*!
    \fn Qorm::EntityInsert<T> Qorm::EntityInsert<T>::onConflictDoUpdate(\
            const QStringList &conflictProperties, const QStringList &updateProperties) const
    An upsert that, for a row whose \a conflictProperties match a stored row, sets that row's
    \a updateProperties to the new row's values instead. An empty \a updateProperties is an
    error.
*/

/*!
    \fn Qorm::EntityUpdate<T> Qorm::update()
    A bulk UPDATE of mapped class \c T's table, for Session::execute().
*/

/*!
    \fn Qorm::EntityDelete<T> Qorm::deleteFrom()
    A bulk DELETE from mapped class \c T's table, for Session::execute().
*/

/*!
    \fn Qorm::EntityInsert<T> Qorm::insert()
    A bulk INSERT into mapped class \c T's table, for Session::execute() or
    Session::scalars().
*/

/*!
    \class Qorm::BulkResult
    \brief What a bulk statement did: the rows it changed and, with Synchronize::Fetch, the
    session's objects among them (updated in memory, or deleted).
*/

/*!
    \fn Qorm::BulkResult::BulkResult()
    An empty result: no rows, no error.
*/

/*!
    \fn BulkResult::BulkResult(qint64, const QList<QObject *> &, const Error &)
    A result of \a rowsAffected rows, the synchronized \a objects and \a error; the session
    makes them.
*/

/*!
    \fn bool Qorm::BulkResult::hasError() const
    True when the statement failed; error() says why and nothing was changed in the session.
*/

/*!
    \fn Qorm::Error Qorm::BulkResult::error() const
    Why the statement failed; invalid when it succeeded.
*/

/*!
    \fn qint64 Qorm::BulkResult::rowsAffected() const
    The number of rows inserted, updated or deleted (as the database counts them).
*/

/*!
    \fn QList<QObject *> Qorm::BulkResult::objects() const
    With Synchronize::Fetch, the objects of the session whose rows the statement changed; they
    hold the new values, or are deleted objects. Empty for an INSERT and with
    Synchronize::None.
*/

// ------------------------------------------------------------------ the session's side

/*!
    Runs the bulk INSERT, UPDATE or DELETE \a statement (Qorm::insert<T>(), update<T>(),
    deleteFrom<T>()): autoflush first, then inside the session's transaction (begun if
    needed). An INSERT is split into statements that stay under the database's
    bound-parameter limit. An UPDATE or DELETE keeps the objects of the session in step as
    \a synchronize says; cascades and relationship bookkeeping do not apply to bulk
    statements.

    Returns the rows affected and, synchronized, the objects among them; on a problem in
    \a statement or a database error, a result whose hasError() is true (lastError() says
    the same).
*/
BulkResult Session::execute(const EntityDml &statement, Synchronize synchronize)
{
    const auto failed = [this](const Error &error) {
        d->fail(error);
        return BulkResult(0, {}, error);
    };
    if (!d->checkUsable("execute"))
        return BulkResult(0, {}, lastError());
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

/*!
    Runs the bulk INSERT \a statement with RETURNING every column and returns its rows as
    identity-mapped, persistent objects (an upserted row's object takes the row's values);
    Session::scalars() calls it. Autoflush first, then inside the session's transaction. A
    rollback undoes it in the objects too.

    Fails (an error in the result and lastError()) for an UPDATE or DELETE
    (InvalidRequestError) and on a database without INSERT ... RETURNING
    (UnsupportedFeatureError: PostgreSQL, SQLite 3.35 and MariaDB 10.5 have it).
*/
ObjectResult Session::executeReturning(const EntityDml &statement)
{
    const auto failed = [this](const Error &error) {
        d->fail(error);
        return ObjectResult({}, error);
    };
    if (!d->checkUsable("scalars"))
        return ObjectResult({}, lastError());
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
