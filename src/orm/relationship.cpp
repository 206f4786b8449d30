// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "mappingparser_p.h"
#include "relationship_p.h"

#include <QtCore/QDebug>

using namespace Qt::StringLiterals;

namespace Qorm {

namespace {

const QStringList &relationshipOptionKeys()
{
    static const QStringList keys = { u"backPopulates"_s, u"cascade"_s,    u"lazy"_s,
                                      u"orderBy"_s,       u"foreignKey"_s, u"secondary"_s,
                                      u"passiveDeletes"_s };
    return keys;
}

bool parseCascade(const QString &text, Cascade *cascade, QString *problem)
{
    static const QStringList names = { u"save-update"_s,   u"merge"_s,   u"delete"_s,
                                       u"delete-orphan"_s, u"expunge"_s, u"refresh"_s,
                                       u"all"_s,           u"none"_s };
    Cascade result;
    for (const QString &part : Detail::splitList(text)) {
        const QString name = part.toLower();
        if (name == u"save-update")
            result |= CascadeOption::SaveUpdate;
        else if (name == u"merge")
            result |= CascadeOption::Merge;
        else if (name == u"delete")
            result |= CascadeOption::Delete;
        else if (name == u"delete-orphan")
            result |= CascadeOption::DeleteOrphan;
        else if (name == u"expunge")
            result |= CascadeOption::Expunge;
        else if (name == u"refresh")
            result |= CascadeOption::Refresh;
        else if (name == u"all")
            result |= CascadeOption::All;
        else if (name != u"none") {
            *problem = u"unknown cascade \"%1\"%2; cascades are save-update, merge, delete, "
                       u"delete-orphan, expunge, refresh, all and none"_s.arg(
                               part, Detail::suggestion(part, names));
            return false;
        }
    }
    *cascade = result;
    return true;
}

bool parseStrategy(const QString &text, LoadStrategy *strategy, QString *problem)
{
    static const QList<std::pair<QString, LoadStrategy>> names = {
        { u"select"_s, LoadStrategy::Lazy },          { u"lazy"_s, LoadStrategy::Lazy },
        { u"joined"_s, LoadStrategy::Joined },        { u"selectin"_s, LoadStrategy::SelectIn },
        { u"raise"_s, LoadStrategy::Raise },          { u"noload"_s, LoadStrategy::NoLoad },
        { u"write-only"_s, LoadStrategy::WriteOnly }, { u"dynamic"_s, LoadStrategy::WriteOnly },
    };
    QStringList known;
    for (const auto &[name, value] : names) {
        if (name.compare(text, Qt::CaseInsensitive) == 0) {
            *strategy = value;
            return true;
        }
        known += name;
    }
    *problem = u"unknown lazy=\"%1\"%2; it is one of select, joined, selectin, raise, noload and "
               u"write-only"_s.arg(text, Detail::suggestion(text, known));
    return false;
}

// The class an object-pointer property points to, when moc knows it.
const QMetaObject *pointeeClass(const QMetaProperty &property)
{
    const QMetaType type = property.metaType();
    return (type.flags() & QMetaType::PointerToQObject) ? type.metaObject() : nullptr;
}

bool isCollectionClass(const QMetaObject *metaObject)
{
    return metaObject && metaObject->indexOfClassInfo("qorm.collection") >= 0;
}

QString shortName(const QString &className)
{
    const qsizetype colons = className.lastIndexOf(u"::"_s);
    return colons < 0 ? className : className.mid(colons + 2);
}

// The owner's column properties whose foreign key targets `table`.
QStringList foreignKeysTo(const Mapper &mapper, const Table &table)
{
    QStringList properties;
    for (const ColumnProperty &property : mapper.columnProperties()) {
        const ForeignKey foreignKey = property.column().options().foreignKey;
        if (foreignKey.isValid() && foreignKey.targetTable() == table.fullName())
            properties += property.propertyName();
    }
    return properties;
}

} // namespace

//! \cond internal
Relationship RelationshipPrivate::parse(const QMetaObject &owner, const QString &property,
                                        const QString &text, QStringList *problems)
{
    const QString where = u"relationship \"%1\": "_s.arg(property);
    const qsizetype problemsBefore = problems->size();
    const QMetaProperty metaProperty = Detail::mappableProperty(owner, property);
    auto *d = new RelationshipPrivate;
    Relationship relationship;
    relationship.d = d;
    d->name = property;
    d->property = metaProperty;
    d->owner = &owner;
    const QMetaObject *pointee = pointeeClass(metaProperty);
    if (!pointee) {
        problems->append(where
                         + u"its property has type %1; a relationship is an object pointer "
                           u"(Target *) or a collection (Qorm::EntityListModel *)"_s.arg(
                                   Detail::typeName(metaProperty.metaType())));
        return {};
    }
    d->collection = isCollectionClass(pointee);
    if (!d->collection) {
        d->declaredTarget = pointee;
        if (!metaProperty.isWritable())
            problems->append(where
                             + u"a reference needs a WRITE accessor (or MEMBER), so that loading "
                               u"can set it"_s);
        if (!metaProperty.hasNotifySignal())
            problems->append(where + u"a reference needs a NOTIFY signal"_s);
    }

    QList<Detail::Option> options;
    QString problem;
    if (!Detail::splitOptions(text, &options, &problem)) {
        problems->append(where + problem);
        return {};
    }
    for (qsizetype i = 0; i < options.size(); ++i) {
        const Detail::Option &option = options.at(i);
        if (i == 0 && !option.hasValue) {
            d->targetName = option.key;
            continue;
        }
        const QString &key = option.key;
        if (!relationshipOptionKeys().contains(key)) {
            problems->append(where
                             + u"unknown option \"%1\"%2; relationships take the target class "
                               u"first, then backPopulates, cascade, lazy, orderBy, foreignKey, "
                               u"secondary and passiveDeletes"_s.arg(
                                       key, Detail::suggestion(key, relationshipOptionKeys())));
            continue;
        }
        if (key == u"passiveDeletes") {
            d->passiveDeletes = !option.hasValue || option.value.toLower() == u"true";
            continue;
        }
        if (!option.hasValue || option.value.isEmpty()) {
            problems->append(where + u"option \"%1\" needs a value"_s.arg(key));
            continue;
        }
        if (key == u"backPopulates") {
            d->backPopulates = option.value;
        } else if (key == u"cascade") {
            if (!parseCascade(option.value, &d->cascade, &problem))
                problems->append(where + problem);
        } else if (key == u"lazy") {
            if (!parseStrategy(option.value, &d->strategy, &problem))
                problems->append(where + problem);
        } else if (key == u"orderBy") {
            for (QString part : Detail::splitList(option.value)) {
                if (part.endsWith(u" desc"_s, Qt::CaseInsensitive))
                    part = u'-' + part.chopped(5).trimmed();
                else if (part.endsWith(u" asc"_s, Qt::CaseInsensitive))
                    part = part.chopped(4).trimmed();
                d->orderBy += part;
            }
        } else if (key == u"foreignKey") {
            d->foreignKey = option.value;
        } else if (key == u"secondary") {
            d->secondaryName = option.value;
        }
    }
    if (d->collection && d->targetName.isEmpty())
        problems->append(
                where
                + u"a collection must name its target class first, e.g. "
                  u"Q_CLASSINFO(\"qorm.relationship.%1\", \"Address; ...\")"_s.arg(property));
    if (!d->collection && !d->secondaryName.isEmpty())
        problems->append(where + u"secondary= needs a collection property"_s);
    if (d->cascade.testFlag(CascadeOption::DeleteOrphan) && !d->collection)
        problems->append(where
                         + u"delete-orphan belongs on the collection side (the one-to-many)"_s);
    if (problems->size() != problemsBefore)
        return {};
    return relationship;
}

void RelationshipPrivate::resolve(Relationship &relationship, const Mapper &owner,
                                  const QList<Mapper> &mappers, const MetaData &metadata,
                                  QStringList *problems)
{
    RelationshipPrivate *d = relationship.d.data();
    const QString where =
            u"relationship %1.%2: "_s.arg(QString::fromUtf8(d->owner->className()), d->name);
    const qsizetype problemsBefore = problems->size();

    Mapper target;
    for (const Mapper &mapper : mappers) {
        if (d->targetName.isEmpty() ? mapper.metaObject() == d->declaredTarget
                                    : mapper.className() == d->targetName) {
            target = mapper;
            break;
        }
    }
    if (!target.isValid() && !d->targetName.isEmpty()) {
        for (const Mapper &mapper : mappers) {
            if (shortName(mapper.className()) == d->targetName) {
                target = mapper;
                break;
            }
        }
    }
    if (!target.isValid()) {
        QStringList names;
        for (const Mapper &mapper : mappers)
            names += shortName(mapper.className());
        const QString name = d->targetName.isEmpty()
                ? QString::fromUtf8(d->declaredTarget->className())
                : d->targetName;
        problems->append(where
                         + u"its target class %1 is not mapped in this registry%2"_s.arg(
                                 name, Detail::suggestion(shortName(name), names)));
        return;
    }
    if (d->declaredTarget && !target.metaObject()->inherits(d->declaredTarget)) {
        problems->append(
                where
                + u"its property points to %1, which %2 is not"_s.arg(
                        QString::fromUtf8(d->declaredTarget->className()), target.className()));
        return;
    }
    d->target = target.metaObject();

    if (!d->secondaryName.isEmpty()) {
        d->direction = RelationshipDirection::ManyToMany;
        d->secondary = metadata.table(d->secondaryName);
        if (!d->secondary.isValid()) {
            problems->append(where
                             + u"secondary table \"%1\" is not in the registry's MetaData"_s.arg(
                                     d->secondaryName));
            return;
        }
        for (const Column &column : d->secondary.columns()) {
            const ForeignKey foreignKey = column.options().foreignKey;
            if (!foreignKey.isValid())
                continue;
            if (foreignKey.targetTable() == owner.table().fullName()
                && d->secondaryOwnerColumn.isEmpty())
                d->secondaryOwnerColumn = column.name();
            else if (foreignKey.targetTable() == target.table().fullName())
                d->secondaryTargetColumn = column.name();
        }
        if (d->secondaryOwnerColumn.isEmpty() || d->secondaryTargetColumn.isEmpty())
            problems->append(
                    where
                    + u"secondary table \"%1\" needs a foreign key to %2 and one to %3"_s.arg(
                            d->secondaryName, owner.table().fullName(), target.table().fullName()));
    } else {
        const QStringList mine = foreignKeysTo(owner, target.table());
        const QStringList theirs = foreignKeysTo(target, owner.table());
        if (!d->foreignKey.isEmpty()) {
            // Named: on the owner it is a many-to-one, on the target a one-to-many. A
            // self-referential reference means the owner's column, a collection the target's.
            const bool onOwner = mine.contains(d->foreignKey);
            const bool onTarget = theirs.contains(d->foreignKey);
            if (!onOwner && !onTarget) {
                problems->append(where
                                 + u"foreignKey=%1 is no foreign-key property of %2 or %3 "
                                   u"referencing the other%4"_s.arg(
                                           d->foreignKey, owner.className(), target.className(),
                                           Detail::suggestion(d->foreignKey, mine + theirs)));
                return;
            }
            const bool manyToOne = onOwner && (!onTarget || !d->collection);
            d->direction =
                    manyToOne ? RelationshipDirection::ManyToOne : RelationshipDirection::OneToMany;
            d->foreignKeys = { d->foreignKey };
        } else if (d->collection) {
            if (theirs.size() != 1) {
                problems->append(
                        where
                        + (theirs.isEmpty()
                                   ? u"%1 has no foreign key to table %2; give the column "
                                     u"foreignKey=%2.<column>"_s.arg(target.className(),
                                                                     owner.table().fullName())
                                   : u"%1 has several foreign keys to table %2 (%3); name one "
                                     u"with foreignKey=<property>"_s.arg(target.className(),
                                                                         owner.table().fullName(),
                                                                         theirs.join(u", "_s))));
                return;
            }
            d->direction = RelationshipDirection::OneToMany;
            d->foreignKeys = theirs;
        } else if (mine.size() == 1 && (theirs.isEmpty() || owner == target)) {
            d->direction = RelationshipDirection::ManyToOne;
            d->foreignKeys = mine;
        } else if (mine.isEmpty() && theirs.size() == 1) {
            d->direction = RelationshipDirection::OneToMany; // a one-to-one's parent side
            d->foreignKeys = theirs;
        } else {
            problems->append(where
                             + u"cannot tell which foreign key it uses (%1); name it with "
                               u"foreignKey=<property>"_s.arg(
                                       (mine + theirs).isEmpty() ? u"there is none between "_s
                                                       + owner.table().fullName() + u" and "_s
                                                       + target.table().fullName()
                                                                 : (mine + theirs).join(u", "_s)));
            return;
        }
        // The referenced column must be the other side's (single-column) primary key.
        const Mapper &referenced =
                d->direction == RelationshipDirection::ManyToOne ? target : owner;
        const Mapper &holder = d->direction == RelationshipDirection::ManyToOne ? owner : target;
        const ForeignKey foreignKey =
                holder.columnProperty(d->foreignKeys.first()).column().options().foreignKey;
        const QList<ColumnProperty> key = referenced.primaryKey();
        if (key.size() != 1 || key.first().columnName() != foreignKey.targetColumn())
            problems->append(where
                             + u"foreign key %1 references %2.%3, which is not the single-column "
                               u"primary key of %4"_s.arg(
                                       d->foreignKeys.first(), foreignKey.targetTable(),
                                       foreignKey.targetColumn(), referenced.className()));
    }
    if (d->collection && d->direction == RelationshipDirection::ManyToOne)
        problems->append(where + u"a collection cannot hold a many-to-one"_s);
    for (const QString &order : std::as_const(d->orderBy)) {
        const QString name = order.startsWith(u'-') ? order.mid(1) : order;
        if (!target.columnProperty(name).isValid()) {
            QStringList names;
            for (const ColumnProperty &property : target.columnProperties())
                names += property.propertyName();
            problems->append(where
                             + u"orderBy names %1, which is no column property of %2%3"_s.arg(
                                     name, target.className(), Detail::suggestion(name, names)));
        }
    }
    if (!d->backPopulates.isEmpty()) {
        const Relationship back = target.relationship(d->backPopulates);
        if (!back.isValid()) {
            problems->append(where
                             + u"backPopulates=%1, but %2 has no relationship %1%3"_s.arg(
                                     d->backPopulates, target.className(),
                                     Detail::suggestion(d->backPopulates,
                                                        target.relationshipDeclarations().keys())));
        } else {
            const RelationshipPrivate *other = back.d.data();
            const bool pointsBack = other->targetName.isEmpty()
                    ? d->owner->inherits(other->declaredTarget)
                    : (other->targetName == owner.className()
                       || other->targetName == shortName(owner.className()));
            if (!pointsBack)
                problems->append(where
                                 + u"backPopulates=%1, but %2.%1 does not point to %3"_s.arg(
                                         d->backPopulates, target.className(), owner.className()));
            else if (!other->backPopulates.isEmpty() && other->backPopulates != d->name)
                problems->append(
                        where
                        + u"backPopulates=%1, but %2.%1 back-populates %3"_s.arg(
                                d->backPopulates, target.className(), other->backPopulates));
        }
    }
    d->resolved = problems->size() == problemsBefore;
}
//! \endcond

// ------------------------------------------------------------------ Relationship

/*!
    \enum RelationshipDirection
    \brief Which side holds the foreign key.

    \value ManyToOne  This class's columns reference the target (\c Address.user).
    \value OneToMany  The target's columns reference this class (\c User.addresses); the parent
                      side of a one-to-one is a OneToMany whose property is a single object.
    \value ManyToMany An association table (Relationship::secondary()) references both.
*/

/*!
    \enum LoadStrategy
    \brief When a relationship's objects are read: the \c lazy= option of its declaration
    (SQLAlchemy's \c lazy= values), or EntitySelect::load() for one query.

    \value Lazy      The default (\c select): a collection on first access, a reference when its
                     object is loaded (from the identity map, else one SELECT ... IN for the
                     whole result).
    \value Joined    A LEFT OUTER JOIN in the same query (\c joined).
    \value SelectIn  One SELECT ... IN (up to 500 keys) per chunk after the query
                     (\c selectin).
    \value Raise     An access that would load is an error naming the relationship (\c raise).
    \value NoLoad    Never loaded: the collection stays empty, the reference null (\c noload).
    \value WriteOnly Never loaded whole: RelationshipCollection::fetchPage() reads pages on
                     demand (\c write-only or \c dynamic).
*/

/*!
    \enum CascadeOption
    \brief What a Session operation on an object does to its related objects: the \c cascade=
    option of a relationship (\c save-update, \c merge, \c delete, \c delete-orphan,
    \c expunge, \c refresh, \c all, \c none). Undeclared, it is SaveUpdate | Merge.

    \value SaveUpdate   Adding the owner adds the related objects.
    \value Merge        Session::merge() follows the relationship.
    \value Delete       Removing the owner removes the related objects.
    \value DeleteOrphan An object taken out of the collection is deleted (collections only).
    \value Expunge      Session::expunge() follows the relationship.
    \value Refresh      Session::refresh() follows the relationship.
    \value All          Everything but DeleteOrphan.

    Combined in the QFlags type Qorm::Cascade.
*/

/*!
    \class Qorm::Relationship
    \brief One relationship of a mapped class: its target, direction, foreign
    keys, cascades and loading strategy. Mapper::relationships() lists them.

    A relationship is declared with
    `Q_CLASSINFO("qorm.relationship.<property>", "<Target>; option=value; ...")` on an
    object-valued property (a reference) or a collection property (Qorm::EntityListModel);
    docs/relationships.md lists the options. The handle is implicitly shared and read-only: the
    Registry owns the relationships, and they are resolved (target, direction, foreign keys)
    when Registry::configure() runs. Until then targetClass() is null and
    foreignKeyProperties() empty.
*/

/*! An invalid relationship, as Mapper::relationship() returns for an unknown name. */
Relationship::Relationship() noexcept = default;
/*! A handle to the same relationship as \a other. */
Relationship::Relationship(const Relationship &other) noexcept = default;
/*! Takes over the relationship of \a other. */
Relationship::Relationship(Relationship &&other) noexcept = default;
/*! Makes this a handle to the same relationship as \a other. */
Relationship &Relationship::operator=(const Relationship &other) noexcept = default;
Relationship::~Relationship() = default;

/*!
    \fn Qorm::Relationship &Qorm::Relationship::operator=(Qorm::Relationship &&other) noexcept
    Swaps the relationships of this handle and \a other.
*/

/*!
    \fn void Qorm::Relationship::swap(Qorm::Relationship &other) noexcept
    Swaps the relationships of this handle and \a other; never fails.
*/

/*!
    \fn bool Qorm::Relationship::operator==(const Qorm::Relationship &other) const noexcept
    True when both handles refer to the same relationship (two invalid ones are equal).
*/

/*!
    \fn bool Qorm::Relationship::operator!=(const Qorm::Relationship &other) const noexcept
    True when the handles refer to different relationships.
*/

/*! False for a default-constructed Relationship (an unknown name, for example). */
bool Relationship::isValid() const noexcept
{
    return d;
}

/*! The relationship's property name; empty when invalid. */
QString Relationship::name() const
{
    return d ? d->name : QString();
}

/*! The mapped class that declares the relationship; null when invalid. */
const QMetaObject *Relationship::ownerClass() const
{
    return d ? d->owner : nullptr;
}

/*! The target class; null until the registry has resolved the relationship. */
const QMetaObject *Relationship::targetClass() const
{
    return d ? d->target : nullptr;
}

/*!
    Which side holds the foreign key. Meaningful once the registry has resolved the
    relationship; ManyToOne before that and when invalid.
*/
RelationshipDirection Relationship::direction() const
{
    return d ? d->direction : RelationshipDirection::ManyToOne;
}

/*!
    True for a collection property (a RelationshipCollection of target objects), false for a
    reference to a single object.
*/
bool Relationship::isCollection() const
{
    return d && d->collection;
}

/*!
    The property on the target class that mirrors this one (the \c backPopulates= option): when
    either side changes in memory, the other is kept in step. Empty when not declared.
*/
QString Relationship::backPopulates() const
{
    return d ? d->backPopulates : QString();
}

/*! The cascades (the \c cascade= option); SaveUpdate | Merge when not declared. */
Cascade Relationship::cascade() const
{
    return d ? d->cascade : Cascade();
}

/*!
    The loading strategy (the \c lazy= option); LoadStrategy::Lazy when not declared. A query
    can override it with EntitySelect::load().
*/
LoadStrategy Relationship::strategy() const
{
    return d ? d->strategy : LoadStrategy::Lazy;
}

/*!
    For collections, the target properties their items are kept sorted by (the \c orderBy=
    option), a leading \c - marking a descending one. Empty: in the order the rows came.
*/
QStringList Relationship::orderBy() const
{
    return d ? d->orderBy : QStringList();
}

/*!
    The foreign-key properties, in the order of the key they reference: on the owner class for
    a ManyToOne, on the target for a OneToMany; empty for a ManyToMany (see secondary()) and
    until the registry has resolved the relationship.
*/
QStringList Relationship::foreignKeyProperties() const
{
    return d ? d->foreignKeys : QStringList();
}

/*! The association table of a ManyToMany (the \c secondary= option); invalid otherwise. */
Table Relationship::secondary() const
{
    return d ? d->secondary : Table();
}

/*!
    True when deleting the owner leaves the related rows to the database's ON DELETE (the
    \c passiveDeletes option): the session does not load a collection that is not loaded yet
    to delete or disconnect its items.
*/
bool Relationship::passiveDeletes() const
{
    return d && d->passiveDeletes;
}

/*!
    Writes \a relationship to \a debug: owner, property, target, direction and back-populated
    property.
*/
QDebug operator<<(QDebug debug, const Relationship &relationship)
{
    const QDebugStateSaver saver(debug);
    debug.nospace().noquote();
    if (!relationship.isValid())
        return debug << "Qorm::Relationship()";
    static const char *const directions[] = { "many-to-one", "one-to-many", "many-to-many" };
    debug << "Qorm::Relationship(" << relationship.ownerClass()->className() << '.'
          << relationship.name() << " -> "
          << (relationship.targetClass() ? relationship.targetClass()->className() : "?") << ", "
          << directions[int(relationship.direction())];
    if (!relationship.backPopulates().isEmpty())
        debug << ", back-populates " << relationship.backPopulates();
    return debug << ')';
}

} // namespace Qorm
