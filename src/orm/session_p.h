// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  This file is not part of the Qorm API. It may change without notice.
#pragma once

#include "../core/foreignerror_p.h"
#include "../engine/connection_p.h"
#include "identitymap_p.h"

#include <Qorm/dialects/dialect.h>
#include <Qorm/engine/transaction.h>
#include <Qorm/orm/registry.h>
#include <Qorm/orm/relationship.h>
#include <Qorm/orm/session.h>
#include <Qorm/sql/schema.h>

#include <QtCore/QHash>
#include <QtCore/QMetaProperty>
#include <QtCore/QPointer>
#include <QtCore/QThread>

#include <optional>
#include <vector>

namespace Qorm {

class SessionPrivate;
struct ClassState;
class CollectionPrivate;

// One mapped column as the unit of work uses it.
struct ColumnSlot
{
    QMetaProperty property;
    QString propertyName;
    QString column;
    SqlType type;
    bool primaryKey = false;
    bool version = false;
    bool generatedKey = false;  // an autoincrement integer key: 0 or null means "let the database"
    bool serverDefault = false; // a null value is left to the database and read back
    bool zeroIsNull = false;    // a nullable integer foreign key: 0 is written as NULL
    ColumnDefault clientDefault;
    ColumnDefault onUpdate;
    int notifySignal = -1;    // method index of the NOTIFY signal
    int propertyIndex = -1;   // absolute, for QMetaObject::metacall()
    bool directWrite = false; // not a QVariant property: a value of its type can be passed as is
    // moc's qt_static_metacall of the declaring class handles ReadProperty/WriteProperty for
    // its relative index: calling it directly skips the virtual qt_metacall() chain and the
    // dynamic meta-object check, which touches QObjectPrivate (a cache miss per object).
    QMetaObject::Data::StaticMetacallFunction staticCall = nullptr;
    int relativeIndex = -1;
    QMetaType metaType;
    SqlType::Kind kind = SqlType::Invalid; // type.kind(), read per bound value
};

/*
    What the session knows about one object. The committed snapshot (the
    column values as loaded or last flushed, in ClassState::columns order)
    lives right behind it in the same allocation: per-object memory is what
    the benchmark's load figure judges.
*/
struct Instance
{
    QObject *object = nullptr;
    ClassState *cls = nullptr;
    ObjectState state = ObjectState::Pending;
    bool hasSnapshot = false;
    bool expired = false;
    bool markedForDeletion = false;
    bool flagged = false;   // flagModified() was called; the columns are in SessionPrivate::flagged
    bool connected = false; // NOTIFY signals connected to the tracker
    bool reattached = false; // a detached object added again: detached again if rolled back
    bool dead = false;       // left the session; kept until no Level refers to it

    QVariant *snapshot() { return reinterpret_cast<QVariant *>(this + 1); }
    const QVariant *snapshot() const { return reinterpret_cast<const QVariant *>(this + 1); }

    static Instance *create(ClassState *cls, QObject *object);
    static void destroy(Instance *instance);
};
static_assert(sizeof(Instance) % alignof(QVariant) == 0);
static_assert(sizeof(Instance) <= 24, "the per-object header is paid by every loaded object");
static_assert(std::is_trivially_destructible_v<Instance>);

// A prepared statement shape: compiled once, executed with new values.
struct StatementShape
{
    QString sql;
    Statement::Kind kind = Statement::InvalidStatement;
    QStringList resultNames;
    QList<SqlType> resultTypes;
    QList<std::pair<int, int>> binds; // per placeholder: (row or role, column slot)
    Error error;
};

// Per session, per mapped class.
// One relationship as the unit of work uses it.
struct RelationSlot
{
    Relationship relationship;
    QMetaProperty property;
    int foreignKey = -1;    // ManyToOne: the FK column among this class's columns
    QString foreignKeyName; // ManyToOne: its property
    // The property's accessors through its declaring class (see ColumnSlot).
    QMetaObject::Data::StaticMetacallFunction staticCall = nullptr;
    int relativeIndex = -1;
};

struct ClassState
{
    Mapper mapper;
    const QMetaObject *metaObject = nullptr;
    Table table;
    QList<ColumnSlot> columns;
    QList<int> primaryKey; // indexes into columns
    int version = -1;
    int generatedKey = -1;
    qint8 rowidKey = -1;     // SQLite: the generated key is the rowid, no trigger (-1: not asked)
    bool integerKey = false; // one integer key column: byInteger, else byKey
    int flushOrder = 0;      // position in the foreign-key order
    IntegerIdentityMap byInteger;
    QHash<QString, Instance *> byKey;
    QHash<int, int> columnBySignal; // NOTIFY method index -> column
    QList<RelationSlot> relations;
    QHash<QString, StatementShape> shapes;

    // Instances come from blocks: no malloc header per object, and objects loaded together
    // sit together in memory (an identity-map hit then rarely misses the cache).
    size_t instanceSize = 0;
    std::vector<char *> blocks;
    int blockUsed = 0;
    Instance *freeInstances = nullptr;
    void *allocate();
    void deallocate(void *memory);
    // Calls f(Instance *) for every persistent instance in memory order: a pass over all
    // objects (the flush's diff) then walks memory forwards instead of in hash order.
    template<typename F>
    void forEachPersistent(F f) const
    {
        for (size_t b = 0; b < blocks.size(); ++b) {
            const int used = b + 1 == blocks.size() ? blockUsed : instancesPerBlock;
            for (int i = 0; i < used; ++i) {
                auto *instance = reinterpret_cast<Instance *>(blocks[b] + instanceSize * size_t(i));
                if (instance->state == ObjectState::Persistent && !instance->dead)
                    f(instance);
            }
        }
    }
    template<typename F>
    bool anyPersistent(F f) const
    {
        for (size_t b = 0; b < blocks.size(); ++b) {
            const int used = b + 1 == blocks.size() ? blockUsed : instancesPerBlock;
            for (int i = 0; i < used; ++i) {
                auto *instance = reinterpret_cast<Instance *>(blocks[b] + instanceSize * size_t(i));
                if (instance->state == ObjectState::Persistent && !instance->dead && f(instance))
                    return true;
            }
        }
        return false;
    }
    static constexpr int instancesPerBlock = 256;
    ~ClassState();

    [[nodiscard]] int columnIndex(const QString &property) const;
};

// Holds up to a few hundred tracked objects as their QObject parent, so that
// QObject's child bookkeeping stays cheap, and tells the session when a child leaves.
class SessionBucket : public QObject
{
public:
    explicit SessionBucket(SessionPrivate *session, QObject *parent);
    static constexpr qsizetype capacity = 256;
    SessionPrivate *session;

protected:
    void childEvent(QChildEvent *event) override;
};

// Receives the NOTIFY signals of tracked objects while something listens to the session.
class SessionTracker : public QObject
{
public:
    explicit SessionTracker(SessionPrivate *session) : session(session) { }
    int qt_metacall(QMetaObject::Call call, int id, void **arguments) override;
    SessionPrivate *session;
};

/*
    What happened inside one transaction level, to undo it on rollback. No
    values are copied: a rollback reloads the objects the level wrote from the
    database (which has just been rolled back), so the bookkeeping costs a
    pointer per object.
*/
struct Level
{
    quint64 id = 0;
    std::optional<Transaction> transaction;       // level 0: begun at the first write
    std::vector<Instance *> added;                // entered the session inside this level
    std::vector<Instance *> flushed;              // written by a flush (or refreshed) inside it
    std::vector<Instance *> marked;               // remove()d inside it
    QHash<Instance *, QVariantList> oldKeys;      // key before a key change flushed inside it
    QHash<Instance *, QPointer<QObject>> parents; // former parents of added objects
    // Objects whose collections or references changed inside it: a rollback puts their
    // relationships back in line with the database (restoreRelationships()).
    std::vector<QPointer<QObject>> relinked;

    [[nodiscard]] bool isEmpty() const
    {
        return added.empty() && flushed.empty() && marked.empty();
    }
};

class SessionPrivate
{
public:
    SessionPrivate(Session *q, Connection &connection, const Registry &registry);
    ~SessionPrivate();

    Session *const q;
    Connection &connection;
    const Registry &registry;
    // The tables the current transaction wrote rows of (Session::tablesChanged()).
    QSet<QString> tablesWritten;
    void emitTablesChanged();
    // Session::objectDetached(), when something listens.
    void detached(QObject *object);
    Dialect dialect;
    QThread *thread = nullptr; // the session's, cached: QObject::thread() is a pointer chase
    // The asynchronous QueryModel's loader (models/queryloader_p.h), a child of the session:
    // destroyed first of all in ~Session, so that its thread stops before anything else goes.
    QPointer<QObject> queryLoader;

    QHash<const QMetaObject *, ClassState *> classes;
    QList<ClassState *> classOrder; // foreign-key order
    ClassState *lastClass = nullptr;

    QList<SessionBucket *> buckets;
    SessionBucket *openBucket = nullptr;
    QList<Instance *> pending; // add order
    // pending[0, pendingIndexed) are in pendingByObject (object -> index in pending): add()
    // costs no hash insert, and the index catches up when a pending object is looked up by
    // its address. A flush's rows are planned in pending order, so the index is a row's too.
    QHash<const QObject *, qsizetype> pendingByObject;
    qsizetype pendingIndexed = 0;
    Instance *pendingInstance(const QObject *object);
    qsizetype pendingIndexOf(const QObject *object); // -1 when not pending
    void removePending(Instance *instance);
    void clearPending();
    int ownChanges = 0; // > 0 while the session itself reparents or deletes tracked objects
    QList<Instance *> flushedDeletes; // deleted in the database, destroyed at commit
    QHash<Instance *, QList<int>> flagged;

    std::vector<Level> levels; // levels[0] is the session transaction; more are savepoints
    quint64 nextLevelId = 1;
    int failedLevel = -1; // a flush failed at that level: refuse work until rolled back
    Error failure;

    bool autoflush = true;
    int noAutoflush = 0;
    bool expireOnCommit = false;
    bool flushing = false;
    bool applying = false; // writing loaded or generated values: not a user change
    bool destroying = false;
    int autoIncrementStep = 0; // MySQL: 0 unknown, -1 ids not consecutive
    Error lastError;           // the owner thread's; Session::lastError() reads both
    // A call from another thread must not touch lastError, which the owner thread reads and
    // writes without a lock: its ThreadAffinityError is kept here.
    ForeignError foreignError;
    void setLastError(const Error &error); // the owner thread's errors
    quint64 failures = 0; // counts fail(): tells a failed call from an empty answer

    SessionTracker *tracker = nullptr;
    int listeners = 0; // receivers of objectModified / hasChangesChanged
    bool lastHasChanges = false;
    bool anyExpired = false; // until then get() need not look at Instance::expired
    bool listeningCheckScheduled = false;

    // Classes and instances
    ClassState *classFor(const QMetaObject *metaObject, Error *error);
    Instance *instanceOf(const QObject *object) const;
    Instance *findIdentity(ClassState *cls, const QVariant *keyValues) const;
    Instance *findIdentity(ClassState *cls, const QVariantList &key) const;
    void registerIdentity(Instance *instance);
    void unregisterIdentity(Instance *instance);
    static QString keyString(const QVariant *values, const QList<int> &indexes);
    QVariantList identityOf(const Instance *instance) const;
    QString describe(const Instance *instance) const;
    static QString describeKey(const ClassState *cls, const QVariantList &key);

    Instance *track(ClassState *cls, QObject *object, ObjectState state);
    void adopt(Instance *instance);
    void release(Instance *instance, QObject *newParent);
    void forget(Instance *instance); // drop all bookkeeping; the object is not touched
    void retire(Instance *instance); // forget(), then destroy now or when no Level refers to it
    QList<Instance *> zombies;
    bool rollingBack = false;
    void objectLeft(QObject *object);
    // Deletes an object (or a holder) of the session's own, unheard by the holders.
    void destroyObject(QObject *object);
    void setParentOf(QObject *object, QObject *parent);

    // Values
    QVariant read(const Instance *instance, int column) const;
    void write(Instance *instance, int column, const QVariant &value);
    QList<int> modifiedColumns(Instance *instance, QVariantList *current = nullptr) const;
    void revertToSnapshot(Instance *instance);
    void expireInstance(Instance *instance);
    void destroyAllInstances();

    // Transaction levels
    void touched(Instance *instance) { levels.back().flushed.push_back(instance); }
    void rollbackLevel(int level);
    // `gone`: the objects whose rows the database does not have (read without an error).
    void reload(ClassState *cls, const QList<Instance *> &instances, QList<Instance *> *gone);
    void releaseLevel(int level);
    void clearLevels();

    static SessionPrivate *get(Session *session) { return session->d.get(); }

    // Errors and guards
    bool fail(const Error &error);
    bool checkUsable(const char *function);
    bool checkThread(const char *function);
    bool checkObject(const QObject *object, const char *function, Instance **instance);
    bool ensureTransaction();

    // Flush (flush.cpp)
    bool flush();
    bool doAutoflush();

    // Loading (loading.cpp)
    // A relationship loaded by the same query, its target's columns after the owner's.
    struct JoinedLoad
    {
        Relationship relationship;
        ClassState *target = nullptr;
        QMetaProperty property; // the owner's
        // The owner: the query's class (-1), or the objects an earlier JoinedLoad loads, for a
        // path of several joined steps ("albums.tracks").
        qsizetype parent = -1;
        QString path; // from the query's class: "albums", "albums.tracks"
    };
    // Told of each row a loader's statement returns, while its object is fresh in the cache.
    class RowSink
    {
    public:
        virtual ~RowSink() = default;
        // The row's values (the class's columns, as read) before its object is made: false
        // skips the row.
        virtual bool accept(const QVariant *values) = 0;
        // The row's object, once per object (joined rows repeat it); `fresh`: the row made it.
        virtual void add(Instance *instance, bool fresh) = 0;
        // The many-to-one of the rows' class that add() sets for fresh objects (the loader's
        // other side), which loadRelated() then leaves alone; null for none.
        virtual const RelationSlot *setsReference() const { return nullptr; }
    };
    // What a query read of its class's table: some rows, or every row (no condition, limit,
    // offset, grouping or join of its own). A loader may then read the related rows of every
    // owner by their table instead of by the owners' keys.
    enum class Scope : quint8 { SomeRows, WholeTable };
    static Scope scopeOf(const ClassState *cls, const Statement &select);
    // `instances`, when given, receives the instance of each object returned.
    // Runs a statement returning the class's columns (a SELECT, or a write with RETURNING).
    // `paths`: a query's load() options by path from `cls` ("albums", "albums.tracks").
    ObjectResult load(ClassState *cls, const Statement &select, bool populateExisting,
                      bool refreshExpired = true, const QList<JoinedLoad> &joined = {},
                      QList<Instance *> *instances = nullptr, QList<Instance *> *created = nullptr,
                      const QHash<QString, LoadStrategy> &paths = {}, RowSink *sink = nullptr,
                      Scope scope = Scope::SomeRows);
    Instance *materialize(ClassState *cls, QVariant *values, bool populateExisting,
                          bool refreshExpired, bool *created, Error *error);
    bool applyJoined(const JoinedLoad &part, const QHash<Instance *, QList<Instance *>> &gathered);
    // select<T>() with the relationships loaded by joins added (joined strategy), by declaration
    // or by the query's load() options `paths`, which also join further steps of a path.
    // `declared`: the statement is a query's own (not a loader's): relationships of `cls`
    // declared joined join too, and its rows are ordered by its key first.
    Select withJoins(ClassState *cls, Select select, bool limited,
                     const QHash<QString, LoadStrategy> &paths, QList<JoinedLoad> *joined,
                     bool declared = true);
    void addJoins(ClassState *cls, const FromClause &source, qsizetype parent, bool declared,
                  const QString &prefix, bool limited, const QHash<QString, LoadStrategy> &paths,
                  Select *select, QList<Expression> *order, QList<JoinedLoad> *joined);
    // A select-IN statement of a loader, with the steps under it that `paths` join.
    ObjectResult loadRelatedRows(ClassState *target, const Select &select,
                                 const QHash<QString, LoadStrategy> &paths,
                                 QList<Instance *> *instances = nullptr, RowSink *sink = nullptr);
    // Objects of rows read as values elsewhere (QueryModel's worker thread): docs in loading.cpp.
    bool materializeRows(const QMetaObject *cls, QList<QVariantList> &rows,
                         QList<QObject *> *objects, const QHash<QString, LoadStrategy> &paths = {});
    Select selectFor(ClassState *cls) const;
    Expression keyCondition(ClassState *cls, const QVariantList &key) const;
    // The rows of `keys` (each in key order): IN for a one-column key, else ORed conditions.
    Expression keysCondition(ClassState *cls, const QList<QVariantList> &keys) const;
    bool refresh(Instance *instance);
    void overwrite(Instance *instance, const QVariant *values);

    // Relationships (relations.cpp)
    static SessionPrivate *of(const QObject *object);
    struct Assignment
    {
        QPointer<QObject> holder; // the object with the foreign-key columns
        Relationship relationship;
        QPointer<QObject> target; // whose key they take; null (or deleted since): NULL
    };
    // holder -> (FK property -> assignment): what the next flush writes into FK columns.
    QHash<const QObject *, QHash<QString, Assignment>> assignments;
    bool relationsInUse = false; // a class with relationships has been seen
    // Many-to-many: rows of association tables to insert (+1) or delete (-1) at the next flush,
    // per (relationship owner, object) pair.
    struct Association
    {
        QPointer<QObject> owner;
        QPointer<QObject> object;
        Relationship relationship;
        int change = 0;
    };
    QList<Association> associations;
    void associate(QObject *owner, const Relationship &relationship, QObject *object, bool added);
    // An association row is to be inserted or deleted (adding and removing a pair cancel out).
    [[nodiscard]] bool associationsDue() const;
    Association *findAssociation(QObject *owner, const Relationship &relationship, QObject *object);
    bool isAssociated(QObject *owner, const Relationship &relationship, QObject *object);
    // The strategy of each relationship of `cls` under `paths`: its own path's, else select-IN
    // when a longer path goes through it and its declared strategy would not load it.
    QHash<QString, LoadStrategy> levelStrategies(const ClassState *cls,
                                                 const QHash<QString, LoadStrategy> &paths) const;
    // The options under `relationship` (its name and the dot taken off), for its objects.
    static QHash<QString, LoadStrategy> pathsUnder(const QString &relationship,
                                                   const QHash<QString, LoadStrategy> &paths);
    void assign(QObject *holder, const Relationship &relationship, QObject *target);
    // The objects a relationship change names: holders and targets of assignments, both
    // sides of association rows, the current level's relinked objects from `relinkedFrom` on,
    // and what the pending objects from `pendingFrom` on refer to.
    QSet<const QObject *> relationshipObjects(qsizetype pendingFrom, size_t relinkedFrom) const;
    // Records session objects whose relationships changed in the current level.
    void relinked(QObject *a, QObject *b = nullptr);
    // After a rollback: collections unloaded (read again on next access), references set from
    // the restored foreign keys.
    void restoreRelationships(const std::vector<QPointer<QObject>> &objects);
    bool loadCollection(CollectionPrivate *collection);
    bool flushForRelationships();
    bool loadManyToManyIn(ClassState *cls, ClassState *target, const Relationship &relationship,
                          const QList<Instance *> &owners,
                          const QHash<QString, LoadStrategy> &paths = {});
    bool loadForCollection(CollectionPrivate *collection, ClassState *target, const Select &select,
                           QList<QObject *> *objects);
    bool canFetchPage(CollectionPrivate *collection);
    bool fetchPage(CollectionPrivate *collection, qsizetype count);
    Select collectionSelect(ClassState *target, const Relationship &relationship,
                            const QVariant &ownerKey) const;
    // References of new objects, and the eager collections of new and existing ones.
    // `scope`: what the owners' query read of their table.
    // `set`: a reference the caller set already (RowSink::setsReference()).
    bool loadRelated(ClassState *cls, const QList<Instance *> &loaded,
                     const QList<Instance *> &existing = {},
                     const QHash<QString, LoadStrategy> &paths = {}, Scope scope = Scope::SomeRows,
                     const RelationSlot *set = nullptr);
    // Select-IN of a one-to-many collection for `owners` (their unloaded collections).
    bool loadOneToManyIn(ClassState *cls, ClassState *target, const Relationship &relationship,
                         const QList<Instance *> &owners, Scope scope,
                         const QHash<QString, LoadStrategy> &paths);
    void cascadeAdd(Instance *instance); // just tracked
    // merge(): the copy's column values, then its relationships with cascade merge.
    QObject *mergeObject(QObject *object);
    bool cascadeMerge(QObject *source, QObject *target);
    QHash<QObject *, QObject *> merged; // during one merge() call: source -> session's object
    int mergeDepth = 0;
    // The objects in memory that `object`'s relationships with cascade `option` reach
    // (loaded collections and set references; nothing is loaded).
    QList<QObject *> cascaded(QObject *object, CascadeOption option) const;
    bool cascadeRemove(Instance *instance);
    struct Fixup
    {
        Instance *holder = nullptr;
        int column = -1;
        Instance *target = nullptr;
        ClassState *holderClass = nullptr; // holder->cls and whether it is new, kept here:
        bool newHolder = false;            // the flush reads fixups when holders are cold
        // Indexes in `pending` when the sync ran, i.e. of the flush's insert rows (-1: not
        // pending); the flush checks them and falls back to a lookup when pending changed.
        qsizetype holderRow = -1;
        qsizetype targetRow = -1;
    };
    bool syncForeignKeys(QList<Fixup> *fixups);
    // During a flush, the foreign keys the sync wrote into objects and the values they had: a
    // flush that fails puts them back, so that it leaves its objects as they were. An object
    // that leaves the session meanwhile keeps what was written (its instance is dead).
    struct WrittenKey
    {
        Instance *instance = nullptr;
        int column = -1;
        QVariant before;
    };
    std::vector<WrittenKey> *writtenKeys = nullptr;
    void writeForeignKey(Instance *holder, int column, const QVariant &value);
    // The last target resolved: children of one parent come one after another.
    struct TargetCache
    {
        const QObject *object = nullptr;
        Instance *target = nullptr;
        qsizetype row = -1;
        QVariant key;
    };
    bool resolveForeignKey(Instance *holder, int column, const Relationship &relationship,
                           QObject *target, QList<Fixup> *fixups, TargetCache *cache,
                           qsizetype holderRow = -1); // the holder's index in pending if known
    // A new object's references, read when its row is planned (the object is read once).
    bool syncReferences(Instance *instance, qsizetype row, QList<Fixup> *fixups,
                        TargetCache *cache);

    // Live change notification
    void setListening(bool on);
    void connectInstance(Instance *instance);
    void notified(QObject *sender, int signalIndex);
    void updateHasChanges();
    bool computeHasChanges();
};

// A database value in the property's own type, as QMetaProperty::read() gives it back.
QVariant normalizedValue(const ColumnSlot &slot, QVariant value);
// normalizedValue() in place; a value of the property's type already is left alone.
inline void normalize(const ColumnSlot &slot, QVariant &value)
{
    if (value.metaType() != slot.metaType)
        value = normalizedValue(slot, std::move(value));
}
void writeProperty(const ColumnSlot &slot, QObject *object, const QVariant &value);
QVariant readProperty(const ColumnSlot &slot, const QObject *object);
bool sameValue(const QVariant &a, const QVariant &b);

} // namespace Qorm
