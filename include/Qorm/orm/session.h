// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/core/error.h>
#include <Qorm/engine/connection.h>
#include <Qorm/engine/result.h>
#include <Qorm/orm/bulk.h>
#include <Qorm/orm/entityselect.h>
#include <Qorm/orm/mapper.h>

#include <QtCore/QList>
#include <QtCore/QMap>
#include <QtCore/QObject>
#include <QtCore/QVariant>

#include <functional>
#include <memory>

namespace Qorm {

class Registry;
class SessionPrivate;

/*
    Where an object stands with respect to a session (SQLAlchemy's object states).
*/
enum class ObjectState : quint8 {
    Transient,  // in no session, never saved
    Pending,    // added to a session, not yet inserted
    Persistent, // in a session, with a row in the database
    Deleted,    // its DELETE was flushed; destroyed when the transaction commits
    Detached,   // has a row, but is in no session (expunged, or its session closed)
};

/*
    One property's history since the object was last loaded or flushed:
    the value it has now (added) and the one it replaced (deleted), or the
    unchanged value. For a pending object every value is "added".
*/
struct AttributeHistory
{
    QVariantList added;
    QVariantList unchanged;
    QVariantList deleted;
    [[nodiscard]] bool hasChanges() const { return !added.isEmpty() || !deleted.isEmpty(); }
};

/*
    A snapshot of what a session knows about one object (SQLAlchemy's
    inspect(instance)). Taken at the call; it does not follow later changes.
*/
class QORM_EXPORT InstanceState
{
public:
    InstanceState() = default;

    [[nodiscard]] ObjectState state() const noexcept { return m_state; }
    [[nodiscard]] bool isTransient() const noexcept { return m_state == ObjectState::Transient; }
    [[nodiscard]] bool isPending() const noexcept { return m_state == ObjectState::Pending; }
    [[nodiscard]] bool isPersistent() const noexcept { return m_state == ObjectState::Persistent; }
    [[nodiscard]] bool isDeleted() const noexcept { return m_state == ObjectState::Deleted; }
    [[nodiscard]] bool isDetached() const noexcept { return m_state == ObjectState::Detached; }
    [[nodiscard]] Mapper mapper() const { return m_mapper; }
    // The primary key values of the row, in key order; empty while transient or pending.
    [[nodiscard]] QVariantList identity() const { return m_identity; }
    [[nodiscard]] bool isExpired() const noexcept { return m_expired; }
    // Marked for deletion by Session::remove(), DELETE not flushed yet.
    [[nodiscard]] bool isMarkedForDeletion() const noexcept { return m_markedForDeletion; }
    // Properties whose value differs from the one loaded or last flushed (or were flagged).
    [[nodiscard]] QStringList modifiedProperties() const { return m_modified; }
    [[nodiscard]] bool isModified() const { return !m_modified.isEmpty(); }
    // History of one mapped property; empty for an unknown one.
    [[nodiscard]] AttributeHistory history(const QString &property) const
    {
        return m_history.value(property);
    }

private:
    friend class Session;
    ObjectState m_state = ObjectState::Transient;
    Mapper m_mapper;
    QVariantList m_identity;
    bool m_expired = false;
    bool m_markedForDeletion = false;
    QStringList m_modified;
    QMap<QString, AttributeHistory> m_history;
};

class NestedTransaction;

/*
    The unit of work over one Connection: an identity map, change tracking,
    a flush ordered by foreign keys, and transactions. See docs/session.md.
*/
class QORM_EXPORT Session : public QObject
{
    Q_OBJECT
    Q_PROPERTY(bool hasChanges READ hasChanges NOTIFY hasChangesChanged)
    Q_PROPERTY(bool autoflush READ autoflush WRITE setAutoflush NOTIFY autoflushChanged)
    Q_PROPERTY(bool expireOnCommit READ expireOnCommit WRITE setExpireOnCommit NOTIFY
                       expireOnCommitChanged)
    Q_PROPERTY(Qorm::Error lastError READ lastError NOTIFY errorOccurred)

public:
    // The connection and the registry must outlive the session; the session
    // lives in the connection's thread.
    Session(Connection &connection, const Registry &registry, QObject *parent = nullptr);
    ~Session() override;

    [[nodiscard]] Connection &connection() const;
    [[nodiscard]] const Registry &registry() const;

    // Objects
    [[nodiscard]] Q_INVOKABLE bool add(QObject *object);
    // A new object of the mapped class named `className` (namespace included), `properties`
    // set, added to the session (pending, owned by it): for QML. Null, and lastError(), for a
    // class no registry of this session maps or a property the object does not take.
    [[nodiscard]] Q_INVOKABLE QObject *create(const QString &className,
                                              const QVariantMap &properties = {});
    [[nodiscard]] bool addAll(const QList<QObject *> &objects);
    template<typename T>
    [[nodiscard]] bool addAll(const QList<T *> &objects)
    {
        return addAll(QList<QObject *>(objects.cbegin(), objects.cend()));
    }
    [[nodiscard]] Q_INVOKABLE bool remove(QObject *object);
    [[nodiscard]] Q_INVOKABLE bool expunge(QObject *object);
    void expungeAll();
    [[nodiscard]] QObject *merge(QObject *object);
    template<typename T>
    [[nodiscard]] T *merge(T *object)
    {
        return static_cast<T *>(merge(static_cast<QObject *>(object)));
    }
    [[nodiscard]] Q_INVOKABLE bool refresh(QObject *object);
    void expire(QObject *object);
    void expireAll();
    [[nodiscard]] bool flagModified(QObject *object, const QString &property);
    [[nodiscard]] bool contains(const QObject *object) const;

    // The identity map: the object of that class and primary key, loaded when
    // it is not in the map (nullptr when no row has that key). A composite key
    // is a QVariantList in key order.
    [[nodiscard]] QObject *get(const QMetaObject &entity, const QVariant &key);
    template<typename T>
    [[nodiscard]] T *get(const QVariant &key)
    {
        return static_cast<T *>(get(T::staticMetaObject, key));
    }
    [[nodiscard]] QObject *get(const QMetaObject &entity, qint64 key);
    template<typename T>
    [[nodiscard]] T *get(qint64 key)
    {
        return static_cast<T *>(get(T::staticMetaObject, key));
    }

    [[nodiscard]] QList<QObject *> newObjects() const;
    [[nodiscard]] QList<QObject *> modifiedObjects() const;
    [[nodiscard]] QList<QObject *> deletedObjects() const;
    [[nodiscard]] bool hasChanges() const;

    [[nodiscard]] ObjectState state(const QObject *object) const;
    [[nodiscard]] InstanceState inspect(const QObject *object) const;
    // The session that tracks the object, or nullptr.
    [[nodiscard]] static Session *sessionOf(const QObject *object);

    // Unit of work and transactions
    [[nodiscard]] Q_INVOKABLE bool flush();
    [[nodiscard]] bool begin(TransactionMode mode = TransactionMode::Deferred);
    [[nodiscard]] Q_INVOKABLE bool commit();
    Q_INVOKABLE bool rollback();
    void close();
    [[nodiscard]] NestedTransaction beginNested();
    [[nodiscard]] bool inTransaction() const;

    [[nodiscard]] bool autoflush() const;
    void setAutoflush(bool enabled);
    [[nodiscard]] bool expireOnCommit() const;
    void setExpireOnCommit(bool enabled);

    // Queries: autoflush first, then identity-mapped objects.
    [[nodiscard]] ObjectResult execute(const EntitySelectBase &select);
    template<typename T>
    [[nodiscard]] ScalarResult<T> scalars(const EntitySelect<T> &select)
    {
        return ScalarResult<T>(execute(select));
    }
    template<typename T>
    [[nodiscard]] T *scalar(const EntitySelect<T> &select)
    {
        return static_cast<T *>(execute(select.limit(1)).firstObject());
    }
    // Bulk INSERT/UPDATE/DELETE by criteria (insert<T>(), update<T>(), deleteFrom<T>()):
    // autoflush, then in the session's transaction; an UPDATE or DELETE keeps the objects in
    // step as `synchronize` says.
    [[nodiscard]] BulkResult execute(const EntityDml &statement,
                                     Synchronize synchronize = Synchronize::Fetch);
    // An INSERT whose rows come back as objects (RETURNING every column): identity-mapped and
    // persistent; an upserted row's object takes the row's values.
    template<typename T>
    [[nodiscard]] ScalarResult<T> scalars(const EntityInsert<T> &insert)
    {
        return ScalarResult<T>(executeReturning(insert));
    }
    [[nodiscard]] ObjectResult executeReturning(const EntityDml &insert);
    // A text statement whose rows map to T by column name (the class's column names, in any
    // order; other columns are ignored): identity-mapped objects, as select<T>() gives.
    //     session.scalars<Track>(TextSql(u"SELECT * FROM track WHERE ..."_s).bind(...))
    template<typename T>
    [[nodiscard]] ScalarResult<T> scalars(const TextSql &statement)
    {
        return ScalarResult<T>(executeText(T::staticMetaObject, statement));
    }
    [[nodiscard]] ObjectResult executeText(const QMetaObject &entity, const TextSql &statement);
    /*
        Reads a query's objects in batches of at most `batchSize`, for results too large to
        hold (SQLAlchemy's yield_per): each batch goes to `consume` (false stops); then the
        objects the batch brought into the session leave it and are destroyed, except those
        `consume` changed (they stay for the next flush) or took (expunged). Objects the
        session had before stay. Batches follow the key (WHERE key > last ORDER BY key LIMIT
        n), so memory stays bounded on every database and no cursor stays open; a query with
        its own order or limit, or a key of several columns, is refused. True when every row
        was read; false when `consume` stopped, or on an error (lastError() then says which).
    */
    template<typename T>
    bool stream(const EntitySelect<T> &select, int batchSize,
                const std::function<bool(const QList<T *> &)> &consume)
    {
        return streamObjects(select, batchSize, [&consume](const QList<QObject *> &objects) {
            QList<T *> batch;
            batch.reserve(objects.size());
            for (QObject *object : objects)
                batch.append(static_cast<T *>(object));
            return consume(batch);
        });
    }
    bool streamObjects(const EntitySelectBase &select, int batchSize,
                       const std::function<bool(const QList<QObject *> &)> &consume);
    // Several classes per row (select<A, B, ...>()): tuples of identity-mapped objects.
    template<typename... Ts>
    [[nodiscard]] TupleResult<Ts...> tuples(const TupleSelect<Ts...> &select)
    {
        return TupleResult<Ts...>(executeRows(select));
    }
    [[nodiscard]] ObjectRowsResult executeRows(const EntitySelectBase &select);
    // A Core statement inside the session's transaction (begun for anything but a SELECT).
    [[nodiscard]] Result execute(const Statement &statement, const QVariantMap &parameters = {});

    [[nodiscard]] Error lastError() const;

Q_SIGNALS:
    void beforeFlush();
    void afterFlush();
    void afterCommit();
    void afterRollback();
    // During a flush, before the object's values are read: handlers may still change them.
    void aboutToInsert(QObject *object);
    void aboutToUpdate(QObject *object);
    void aboutToDelete(QObject *object);
    // After the flush succeeded.
    void objectInserted(QObject *object);
    void objectUpdated(QObject *object);
    void objectDeleted(QObject *object);
    // A tracked object's NOTIFY signal fired (only while something is connected here).
    void objectModified(QObject *object, const QString &property);
    // An object left the session: expunged, deleted and destroyed after a commit, added inside
    // a transaction that was rolled back, destroyed or reparented behind the session's back,
    // a stream() batch done with, or the session closed. Compare the pointer; the object may
    // be half destroyed.
    void objectDetached(QObject *object);
    // After commit() and rollback(): the tables (full names, sorted) the transaction wrote
    // rows of, through flushes, bulk statements or Core INSERT/UPDATE/DELETE. Not emitted when
    // it wrote none. (Models over those tables read them again.)
    void tablesChanged(const QStringList &tables);
    void hasChangesChanged();
    void autoflushChanged();
    void expireOnCommitChanged();
    void errorOccurred(const Qorm::Error &error);

protected:
    bool event(QEvent *event) override;
    void connectNotify(const QMetaMethod &signal) override;
    void disconnectNotify(const QMetaMethod &signal) override;

private:
    friend class SessionPrivate;
    friend class NestedTransaction;
    friend class NoAutoflush;
    std::unique_ptr<SessionPrivate> const d;
};

/*
    A SAVEPOINT: commit() flushes and releases it; rollback() undoes what
    happened inside it, in the database and in the objects, while the outer
    transaction goes on. Destroyed while active, it rolls back.
*/
class QORM_EXPORT NestedTransaction
{
public:
    NestedTransaction() = default;
    NestedTransaction(NestedTransaction &&other) noexcept;
    NestedTransaction &operator=(NestedTransaction &&other) noexcept;
    NestedTransaction(const NestedTransaction &) = delete;
    NestedTransaction &operator=(const NestedTransaction &) = delete;
    ~NestedTransaction();

    [[nodiscard]] bool isActive() const;
    // False when the flush or RELEASE failed: then it has been rolled back already.
    [[nodiscard]] bool commit();
    bool rollback();

private:
    friend class Session;
    NestedTransaction(Session *session, quint64 id) : m_session(session), m_id(id) { }
    Session *m_session = nullptr;
    quint64 m_id = 0;
};

/*
    Autoflush is off while one of these lives (SQLAlchemy's no_autoflush).
*/
class QORM_EXPORT NoAutoflush
{
public:
    explicit NoAutoflush(Session &session);
    ~NoAutoflush();
    Q_DISABLE_COPY_MOVE(NoAutoflush)

private:
    Session &m_session;
};

} // namespace Qorm
