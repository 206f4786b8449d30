// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// Entity statements beyond one class: joins along relationships, aliased classes, EXISTS
// through a relationship. Everything here builds Core statements (sql/); nothing runs SQL.
#include "../sql/nodes_p.h"
#include "mapper_p.h"
#include "relationship_p.h"

#include <Qorm/orm/entityselect.h>

using namespace Qt::StringLiterals;

namespace Qorm {

namespace {

QString classNameOf(const QMetaObject *entity)
{
    return QString::fromUtf8(entity->className());
}

// The mapper of a class mapped by a live registry, its relationships configured.
Mapper mapperOf(const QMetaObject *entity, QString *error)
{
    const Mapper mapper = defaultMapper(entity);
    if (!mapper.isValid()) {
        *error = u"Class %1 is not mapped (no live Registry maps it)"_s.arg(classNameOf(entity));
        return mapper;
    }
    if (!mapper.relationships().isEmpty())
        configureRegistryOf(entity);
    return mapper;
}

// The relationship `name` of a mapped class, resolved, else *error says why.
Relationship relationshipOf(const Mapper &mapper, const QString &name, QString *error)
{
    const Relationship relationship = mapper.relationship(name);
    if (!relationship.isValid()) {
        QStringList names;
        for (const Relationship &known : mapper.relationships())
            names.append(known.name());
        *error = u"%1 has no relationship \"%2\" (it has: %3)"_s.arg(
                mapper.className(), name, names.isEmpty() ? u"none"_s : names.join(u", "_s));
    } else if (!RelationshipPrivate::isResolved(relationship)) {
        *error = u"%1.%2 is not configured (Registry::configure() failed: see its lastError())"_s
                         .arg(mapper.className(), name);
    }
    return relationship;
}

// The single column of a class's primary key, or an empty name (and *error) for a composite one.
QString keyColumnOf(const Mapper &mapper, const QString &relationship, QString *error)
{
    const QList<ColumnProperty> key = mapper.primaryKey();
    if (key.size() != 1) {
        *error = u"%1: joining through %2 needs a single-column primary key"_s.arg(
                relationship, mapper.className());
        return {};
    }
    return key.first().columnName();
}

/*
    How a relationship of `owner` (read from `source`) reaches `target` (read from
    `targetSource`): the ON condition, and for a many-to-many the association table to go
    through first (*link, joined ON *linkOn).
*/
struct Link
{
    Expression on;
    FromClause link;
    Expression linkOn;
};

bool linkOf(const Relationship &relationship, const Mapper &owner, const FromClause &source,
            const Mapper &target, const FromClause &targetSource, Link *out, QString *error,
            const QStringList &tablesRead = {})
{
    const QString name = owner.className() + u'.' + relationship.name();
    const QStringList keys = relationship.foreignKeyProperties();
    switch (relationship.direction()) {
    case RelationshipDirection::ManyToOne: {
        const QString targetKey = keyColumnOf(target, name, error);
        if (targetKey.isEmpty())
            return false;
        const QString foreignKey = owner.columnProperty(keys.value(0)).columnName();
        out->on = targetSource.column(targetKey) == source.column(foreignKey);
        return true;
    }
    case RelationshipDirection::OneToMany: {
        const QString ownerKey = keyColumnOf(owner, name, error);
        if (ownerKey.isEmpty())
            return false;
        const QString foreignKey = target.columnProperty(keys.value(0)).columnName();
        out->on = targetSource.column(foreignKey) == source.column(ownerKey);
        return true;
    }
    case RelationshipDirection::ManyToMany: {
        const QString ownerKey = keyColumnOf(owner, name, error);
        const QString targetKey = ownerKey.isEmpty() ? QString() : keyColumnOf(target, name, error);
        if (targetKey.isEmpty())
            return false;
        const RelationshipPrivate *info = RelationshipPrivate::get(relationship);
        // The association table under an alias when the statement reads it already.
        const Table secondary = relationship.secondary();
        const QString name = FromClause(secondary).name();
        out->link = tablesRead.contains(name)
                ? secondary.alias(u"%1_%2"_s.arg(name).arg(tablesRead.count(name) + 1))
                : FromClause(secondary);
        out->linkOn = out->link.column(info->secondaryOwnerColumn) == source.column(ownerKey);
        out->on = targetSource.column(targetKey) == out->link.column(info->secondaryTargetColumn);
        return true;
    }
    }
    return false;
}

FromClause fromError(const QString &message)
{
    auto *node = new FromErrorNode;
    node->message = message;
    return FromClause(node);
}

} // namespace

// ------------------------------------------------------------------ AliasedEntity

/*!
    \class Qorm::AliasedEntity
    \brief A mapped class under an alias: the same class twice in one statement (a
    self-join, two roles of one table). Aliased<T> is the typed way to make one.

    Columns are reached by property, as with Qorm::attribute():

    \code
    const Qorm::Aliased<Employee> manager(u"manager"_s);
    Qorm::select<Employee>()
            .join(u"reportsTo"_s, manager)
            .where(manager.attribute(u"lastName"_s) == u"Adams"_s);
    \endcode

    An unmapped class or an unknown property gives an expression carrying the error (error()
    for the class), reported when the statement is executed, with no SQL sent.
*/

/*!
    An alias \a name of the table of mapped class \a entity. An unmapped class is recorded
    in error().
*/
AliasedEntity::AliasedEntity(const QMetaObject &entity, const QString &name)
    : m_entity(&entity),
      m_name(name)
{
    QString error;
    m_mapper = mapperOf(&entity, &error);
    if (!error.isEmpty()) {
        m_error = Error(Error::MappingError,
                        u"Aliased<%1>(\"%2\"): %3"_s.arg(classNameOf(&entity), name, error));
        m_from = fromError(m_error.text());
        return;
    }
    m_from = m_mapper.table().alias(name);
}

/*!
    The column of \a property in the aliased table, for conditions and ordering; an
    expression carrying the error when the class is not mapped or has no such property.
*/
Expression AliasedEntity::attribute(const QString &property) const
{
    if (m_error.isValid())
        return makeError(m_error.text());
    const ColumnProperty column = m_mapper.columnProperty(property);
    if (!column.isValid()) {
        return makeError(u"Class %1 (aliased as %2) has no mapped property '%3'"_s.arg(
                classNameOf(m_entity), m_name, property));
    }
    return m_from.column(column.columnName());
}

/*! \fn const QMetaObject *Qorm::AliasedEntity::entity() const noexcept
    The aliased class. */
/*! \fn QString Qorm::AliasedEntity::name() const
    The alias, as the SQL spells it. */
/*! \fn Qorm::FromClause Qorm::AliasedEntity::from() const
    The aliased table, for FROM and explicit joins. */
/*! \fn Qorm::Error Qorm::AliasedEntity::error() const
    A MappingError when the class is not mapped; invalid otherwise. */

/*!
    \class Qorm::Aliased
    \brief AliasedEntity of the mapped class \c T.
*/

/*! \fn template<typename T> Qorm::Aliased<T>::Aliased(const QString &name)
    The table of \c T under the alias \a name. */

// ------------------------------------------------------------------ EXISTS, joinedFrom

/*!
    EXISTS through a relationship (SQLAlchemy's \c any() and \c has()): whether an object of
    \a entity has an item in the collection \a relationshipName (\a collection true), or a
    reference (false), matching \a condition (any, when it is invalid). Qorm::any() and
    Qorm::has() are the typed forms.

    The subquery is correlated to the statement it is used in. The wrong kind of
    relationship, an unknown one, an unmapped class or a relationship to the class itself
    (use exists() over an Aliased) give an expression carrying the error.
*/
Expression relationshipExists(const QMetaObject &entity, const QString &relationshipName,
                              const Expression &condition, bool collection)
{
    const QString function = collection ? u"any"_s : u"has"_s;
    QString error;
    const Mapper owner = mapperOf(&entity, &error);
    const Relationship relationship =
            error.isEmpty() ? relationshipOf(owner, relationshipName, &error) : Relationship();
    if (error.isEmpty() && relationship.isCollection() != collection) {
        error = collection
                ? u"%1.%2 is a reference: use has()"_s.arg(owner.className(), relationshipName)
                : u"%1.%2 is a collection: use any()"_s.arg(owner.className(), relationshipName);
    }
    const Mapper target = error.isEmpty() ? mapperOf(relationship.targetClass(), &error) : Mapper();
    if (error.isEmpty() && target.table().fullName() == owner.table().fullName()) {
        // The subquery's table would be taken for the outer statement's (correlated away).
        error = u"%1.%2 refers to its own class: write exists() over an Aliased<%3> instead"_s.arg(
                owner.className(), relationshipName, target.className());
    }
    Link link;
    const FromClause targetTable = target.isValid() ? FromClause(target.table()) : FromClause();
    if (error.isEmpty())
        linkOf(relationship, owner, owner.table(), target, targetTable, &link, &error);
    if (!error.isEmpty())
        return makeError(u"%1<%2>(\"%3\"): %4"_s.arg(function, classNameOf(&entity),
                                                     relationshipName, error));
    Expression where = condition.isValid() ? (link.on && condition) : link.on;
    FromClause from = targetTable;
    if (link.link.isValid()) {
        // The association rows of the owner, joined to the objects they name.
        from = link.link.join(targetTable, link.on);
        where = condition.isValid() ? (link.linkOn && condition) : link.linkOn;
    }
    const QString key = target.primaryKey().value(0).columnName();
    return exists(select({ targetTable.column(key) }).from(from).where(where));
}

/*!
    \fn Qorm::Expression Qorm::any(const QString &relationship, \
            const Qorm::Expression &condition)
    Whether an object of \c T has an item in its collection \a relationship matching
    \a condition (any item, when none is given):

    \code
    Qorm::select<Customer>().where(
            Qorm::any<Customer>(u"invoices"_s, Qorm::attribute<Invoice>(u"total"_s) > 20));
    Qorm::select<Track>().where(!Qorm::any<Track>(u"invoiceLines"_s)); // never bought
    \endcode

    \sa relationshipExists()
*/

/*!
    \fn Qorm::Expression Qorm::has(const QString &relationship, \
            const Qorm::Expression &condition)
    Whether an object of \c T has a reference \a relationship to an object matching
    \a condition (any object, when none is given):

    \code
    Qorm::select<Invoice>().where(Qorm::has<Invoice>(
            u"customer"_s, Qorm::attribute<Customer>(u"country"_s) == u"Norway"_s));
    \endcode

    \sa relationshipExists()
*/

/*!
    The table of mapped class \a entity joined along \a path, relationship names separated
    by dots, with joins of \a type whose ON conditions come from the foreign keys: the FROM
    of a Core statement over several classes. A many-to-many joins its association table too.

    A problem (an unmapped class, an unknown relationship, a table read twice) gives a source
    that fails to compile with a message naming the class and the relationship.
*/
FromClause joinedFrom(const QMetaObject &entity, const QString &path, FromClause::JoinType type)
{
    QString error;
    Mapper mapper = mapperOf(&entity, &error);
    if (!error.isEmpty())
        return fromError(u"joinedFrom<%1>(\"%2\"): %3"_s.arg(classNameOf(&entity), path, error));
    FromClause from = mapper.table();
    FromClause source = from;
    QStringList tablesRead{ from.name() };
    for (const QString &step : path.split(u'.')) {
        const Relationship relationship = relationshipOf(mapper, step, &error);
        const Mapper target =
                error.isEmpty() ? mapperOf(relationship.targetClass(), &error) : Mapper();
        if (error.isEmpty() && tablesRead.contains(FromClause(target.table()).name())) {
            error = u"%1.%2 would read table %3 a second time; join it into an alias with "
                    u"select<%4>().join(path, Aliased<%5>(...))"_s.arg(
                            mapper.className(), step, target.table().fullName(),
                            classNameOf(&entity), target.className());
        }
        Link link;
        if (error.isEmpty())
            linkOf(relationship, mapper, source, target, target.table(), &link, &error, tablesRead);
        if (!error.isEmpty()) {
            return fromError(
                    u"joinedFrom<%1>(\"%2\"): %3"_s.arg(classNameOf(&entity), path, error));
        }
        if (link.link.isValid()) {
            from = from.join(link.link, link.linkOn, type);
            tablesRead.append(FromClause(relationship.secondary()).name());
        }
        from = from.join(target.table(), link.on, type);
        tablesRead.append(FromClause(target.table()).name());
        source = target.table();
        mapper = target;
    }
    return from;
}

/*!
    \fn Qorm::FromClause Qorm::joinedFrom(const QString &path, \
            Qorm::FromClause::JoinType type)
    The table of mapped class \c T joined along \a path with joins of \a type:

    \code
    Qorm::select({Qorm::attribute<Artist>(u"name"_s), Qorm::Function::count()})
            .from(Qorm::joinedFrom<Artist>(u"albums.tracks"_s))
            .groupBy({Qorm::attribute<Artist>(u"id"_s), Qorm::attribute<Artist>(u"name"_s)});
    \endcode
*/

// ------------------------------------------------------------------ EntitySelectBase

/*!
    \class Qorm::EntitySelectBase
    \brief The untyped part of an entity SELECT: a Core Select of every mapped column of one
    class (or several), which a Session executes into identity-mapped objects.

    Users build statements with Qorm::select<T>() (an EntitySelect) or
    `Qorm::select<A, B, ...>()` (a TupleSelect) and the methods of EntitySelectMethods;
    this base keeps the templates thin and gives the session and the models what they read.
    Statements are values: every builder call returns a new one. A problem met while building
    (an unmapped class, an unknown relationship in a join path) is kept in error() and
    reported by the session when the statement runs, before any SQL is sent.
*/

/*! \fn const QMetaObject *Qorm::EntitySelectBase::entity() const noexcept
    The class selected (the first one, for a select of several classes). */
/*! \fn Qorm::Mapper Qorm::EntitySelectBase::mapper() const
    The mapper the statement was built from; invalid when the class is not mapped. */

/*!
    \fn Qorm::Select Qorm::EntitySelectBase::statement() const
    The Core statement: every mapped column of the class (then of the other classes), in
    mapper order, with the joins, conditions and order given so far.
*/

/*! \fn Qorm::Error Qorm::EntitySelectBase::error() const
    The first problem met while building the statement; invalid when there is none. */

/*!
    \fn bool Qorm::EntitySelectBase::populatesExisting() const noexcept
    True when rows overwrite the in-memory values of objects already in the identity map
    (EntitySelect::populateExisting()); by default those keep their values.
*/

/*!
    \fn bool Qorm::EntitySelectBase::isLimited() const noexcept
    True when LIMIT or OFFSET is set: they count rows, so joined-eager collections are loaded
    with a SELECT ... IN instead.
*/

/*! \fn bool Qorm::EntitySelectBase::isOrdered() const noexcept
    True when orderBy() was called. */

/*!
    \fn QList<std::pair<QString, Qorm::LoadStrategy> > Qorm::EntitySelectBase::loaders() const
    The loading strategies this query uses instead of the relationships' own, by relationship
    path, as EntitySelect::load() received them.
*/

/*! \fn void Qorm::EntitySelectBase::setPopulateExisting()
    Makes rows overwrite the objects already in the identity map. */

/*!
    \class Qorm::EntitySelectMethods
    \brief The statement-building methods of entity selects, for one class (EntitySelect) or
    several per row (TupleSelect).

    Each method returns a new statement of the derived type \c Derived and leaves this one
    unchanged, so statements can be kept, shared and extended:

    \code
    const auto albums = Qorm::select<Album>().where(Qorm::attribute<Album>(u"year"_s) > 1990);
    const auto page = albums.orderBy({Qorm::attribute<Album>(u"title"_s)}).limit(20);
    \endcode
*/

/*!
    \fn Derived Qorm::EntitySelectMethods<Derived>::where( \
            const Qorm::Expression &condition) const
    The statement with \a condition added to WHERE; conditions are ANDed, so
    `where(a).where(b)` is `WHERE a AND b`.
*/

/*!
    \fn Derived Qorm::EntitySelectMethods<Derived>::join( \
            const QString &path) const
    The statement with an inner join along the relationship \a path from the selected class,
    names separated by dots (`join(u"albums.tracks"_s)`), the ON conditions written from
    the foreign keys; a many-to-many joins its association table too. A path joined already
    is not joined again, and a longer one continues from it. Rows repeat when a collection
    has several matches: use distinct(). An unknown relationship, or a table that would be
    read twice without an alias, is an error reported when the statement runs.
*/

/*!
    \fn Derived Qorm::EntitySelectMethods<Derived>::outerJoin( \
            const QString &path) const
    As join(\a path), with LEFT OUTER JOINs: objects without a match stay in the result.
*/

/*!
    \fn Derived Qorm::EntitySelectMethods<Derived>::join( \
            const QString &path, const Qorm::AliasedEntity &alias) const
    As join(\a path), the last class of the path joined under \a alias: a self-join, or the
    same table in two roles (`join(u"reportsTo"_s, manager)`). The alias must be of that
    class.
*/

/*!
    \fn Derived Qorm::EntitySelectMethods<Derived>::outerJoin( \
            const QString &path, const Qorm::AliasedEntity &alias) const
    As join(\a path, \a alias), with LEFT OUTER JOINs.
*/

/*!
    \fn Derived Qorm::EntitySelectMethods<Derived>::join( \
            const Qorm::FromClause &source, const Qorm::Expression &on, \
            Qorm::FromClause::JoinType type) const
    An explicit join of any \a source (a table, an alias's from(), a subquery) on the
    condition \a on, with a join of \a type.
*/

/*!
    \fn Derived Qorm::EntitySelectMethods<Derived>::groupBy( \
            const QList<Qorm::Expression> &expressions) const
    The statement with \a expressions added to GROUP BY.
*/

/*!
    \fn Derived Qorm::EntitySelectMethods<Derived>::having( \
            const Qorm::Expression &condition) const
    The statement with \a condition ANDed to HAVING.
*/

/*!
    \fn template<typename Derived> Derived Qorm::EntitySelectMethods<Derived>::distinct() const
    The statement as SELECT DISTINCT, for joins that repeat rows.
*/

/*!
    \fn Derived Qorm::EntitySelectMethods<Derived>::orderBy( \
            const QList<Qorm::Expression> &expressions) const
    The statement with \a expressions added to ORDER BY (`ascending()`,
    `descending()` and NULL placement as the expressions say).
*/

/*!
    \fn Derived Qorm::EntitySelectMethods<Derived>::limit( \
            qint64 count) const
    The statement returning at most \a count rows. LIMIT counts rows, not objects: collections
    of a joined strategy are then loaded with a SELECT ... IN instead.
*/

/*!
    \fn Derived Qorm::EntitySelectMethods<Derived>::offset( \
            qint64 count) const
    The statement skipping the first \a count rows; give it an orderBy() for a stable page.
*/

/*!
    \class Qorm::EntitySelect
    \brief A SELECT of mapped class \c T, made by Qorm::select<T>(), that a Session executes
    into identity-mapped objects.

    \code
    const QList<User *> users = session.scalars(
            Qorm::select<User>()
                    .where(Qorm::attribute<User>(u"name"_s).like(u"s%"_s))
                    .orderBy({Qorm::attribute<User>(u"id"_s)})
                    .load(u"addresses"_s, Qorm::LoadStrategy::SelectIn))
            .all();
    \endcode

    The statement-building methods are those of EntitySelectMethods; see docs/queries.md.
*/

/*! \fn template<typename T> Qorm::EntitySelect<T>::EntitySelect()
    A SELECT of every mapped column of \c T. */

/*!
    \fn template<typename T> Qorm::EntitySelect<T> Qorm::EntitySelect<T>::populateExisting() const
    The statement with rows overwriting the in-memory values of objects already in the
    identity map (SQLAlchemy's \c populate_existing), discarding their unflushed changes. By
    default those objects keep what they hold; expired ones are read again either way.
*/

/*!
    \fn Qorm::EntitySelect<T> Qorm::EntitySelect<T>::load( \
            const QString &relationship, Qorm::LoadStrategy strategy) const
    The statement loading \a relationship of the selected objects with \a strategy instead of
    the relationship's own: Joined in the same statement, SelectIn with one more statement,
    Lazy left to first access, NoLoad not at all, Raise an error on access. A dotted path
    (`"albums.tracks"`) sets the strategy of a relationship of the related objects. An
    unknown relationship is an error when the statement is executed.
*/

/*!
    \fn template<typename T> Qorm::EntitySelect<T> Qorm::select()
    A SELECT of mapped class \c T, for Session::scalars(), Session::execute() and the models.
    A class that is not mapped by any live Registry gives a statement whose error() says so.
*/

/*!
    \class Qorm::TupleSelect
    \brief A SELECT of several mapped classes per row, made by `Qorm::select<A, B, ...>()`.

    Session::tuples() runs it: each row gives one identity-mapped object of each class, null
    where an outer join found nothing. Without a join the classes' tables are crossed, as in
    SQL:

    \code
    for (const auto &[artist, album] :
         session.tuples(Qorm::select<Artist, Album>().join(u"albums"_s)).all())
        qDebug() << artist->name() << album->title();
    \endcode
*/

/*! \fn template<typename... Ts> Qorm::TupleSelect<Ts...>::TupleSelect()
    A SELECT of the mapped columns of each class of \c Ts, in order. */

/*!
    Joins along the relationship \a path with a join of \a type, the last class into the
    alias \a into when it is not null; a problem is recorded in error().
*/
void EntitySelectBase::addJoin(const QString &path, FromClause::JoinType type,
                               const AliasedEntity *into)
{
    if (m_error.isValid())
        return;
    const auto fail = [&](const QString &message) {
        m_error = Error(Error::InvalidRequestError,
                        u"select<%1>().%2(\"%3\"): %4"_s.arg(
                                classNameOf(m_entity),
                                type == FromClause::LeftJoin ? u"outerJoin"_s : u"join"_s, path,
                                message));
    };
    if (into && into->error().isValid())
        return fail(into->error().text());
    const QStringList steps = path.split(u'.');
    if (steps.contains(QString()))
        return fail(u"a path is relationship names separated by dots"_s);
    const QString aliasKey = into ? u"@"_s + into->name() : QString();
    // Continue from the longest part of the path joined already.
    FromClause source = m_mapper.table();
    const QMetaObject *entity = m_entity;
    qsizetype first = 0;
    for (qsizetype n = steps.size(); n >= 1 && first == 0; --n) {
        const QString prefix = steps.mid(0, n).join(u'.') + (n == steps.size() ? aliasKey : u""_s);
        for (qsizetype i = 0; i < m_joined.size(); ++i) {
            if (m_joined.at(i).first != prefix)
                continue;
            if (n == steps.size())
                return; // joined already
            source = m_joined.at(i).second;
            entity = m_joinedClasses.at(i).second;
            first = n;
            break;
        }
    }
    QString error;
    Mapper mapper = mapperOf(entity, &error);
    for (qsizetype i = first; i < steps.size() && error.isEmpty(); ++i) {
        const bool last = i == steps.size() - 1;
        const Relationship relationship = relationshipOf(mapper, steps.at(i), &error);
        const Mapper target =
                error.isEmpty() ? mapperOf(relationship.targetClass(), &error) : Mapper();
        if (!error.isEmpty())
            break;
        FromClause targetSource = target.table();
        if (last && into) {
            if (into->entity() != relationship.targetClass()) {
                error = u"%1.%2 leads to %3, the alias \"%4\" is a %5"_s.arg(
                        mapper.className(), steps.at(i), target.className(), into->name(),
                        classNameOf(into->entity()));
                break;
            }
            targetSource = into->from();
        } else {
            // An unaliased table read twice would be ambiguous SQL.
            const QString table = FromClause(target.table()).name();
            bool twice = FromClause(m_mapper.table()).name() == table;
            for (const auto &[joinedPath, joinedSource] : std::as_const(m_joined))
                twice = twice || (!joinedPath.contains(u'@') && joinedSource.name() == table);
            if (twice) {
                error = u"%1.%2 would read table %3 a second time; join it into an alias: "
                        u"join(u\"%4\"_s, Aliased<%5>(u\"...\"_s))"_s.arg(
                                mapper.className(), steps.at(i), target.table().fullName(),
                                steps.mid(0, i + 1).join(u'.'), target.className());
                break;
            }
        }
        // The tables the statement reads so far (association tables included).
        QStringList tablesRead{ FromClause(m_mapper.table()).name() };
        for (const auto &[joinedPath, joinedSource] : std::as_const(m_joined)) {
            if (!joinedPath.contains(u'@'))
                tablesRead.append(joinedSource.name());
        }
        Link link;
        if (!linkOf(relationship, mapper, source, target, targetSource, &link, &error, tablesRead))
            break;
        if (link.link.isValid()) {
            m_select = m_select.join(link.link, link.linkOn, type);
            // Recorded under a key no path has, so that a later join counts it as read.
            m_joined.append({ steps.mid(0, i + 1).join(u'.') + u"#association"_s,
                              FromClause(relationship.secondary()) });
            m_joinedClasses.append({ m_joined.last().first, nullptr });
        }
        m_select = m_select.join(targetSource, link.on, type);
        const QString joinedPath = steps.mid(0, i + 1).join(u'.') + (last ? aliasKey : u""_s);
        m_joined.append({ joinedPath, targetSource });
        m_joinedClasses.append({ joinedPath, relationship.targetClass() });
        source = targetSource;
        mapper = target;
    }
    if (!error.isEmpty())
        fail(error);
}

/*!
    Adds the columns of mapped class \a entity after the others, for a select of several
    classes per row; an unmapped class is recorded in error().
*/
void EntitySelectBase::addEntity(const QMetaObject &entity)
{
    if (m_error.isValid())
        return;
    QString error;
    const Mapper mapper = mapperOf(&entity, &error);
    if (!error.isEmpty()) {
        m_error = Error(Error::MappingError,
                        u"select<%1, ...>(): %2"_s.arg(classNameOf(m_entity), error));
        return;
    }
    QList<Expression> columns;
    for (const ColumnProperty &property : mapper.columnProperties())
        columns.append(property.column());
    m_select = m_select.addColumns(columns);
    m_others.append(&entity);
}

/*!
    The classes of each row, in column order: entity() and, for `select<A, B, ...>()`, the
    others.
*/
QList<const QMetaObject *> EntitySelectBase::entities() const
{
    return QList<const QMetaObject *>{ m_entity } + m_others;
}

/*! Joins \a source on \a on with a join of \a type. */
void EntitySelectBase::addJoin(const FromClause &source, const Expression &on,
                               FromClause::JoinType type)
{
    m_select = m_select.join(source, on, type);
}

/*! Adds \a expressions to GROUP BY. */
void EntitySelectBase::addGroupBy(const QList<Expression> &expressions)
{
    m_select = m_select.groupBy(expressions);
}

/*! ANDs \a condition to HAVING. */
void EntitySelectBase::addHaving(const Expression &condition)
{
    m_select = m_select.having(condition);
}

/*! Makes it SELECT DISTINCT. */
void EntitySelectBase::setDistinct()
{
    m_select = m_select.distinct();
}

// ------------------------------------------------------------------ accessors for models

namespace {

// The tables a FROM source reads, recursing into joins, aliases, subqueries and CTEs.
void collectTables(const FromNode *node, QStringList *tables);

void collectTables(const StatementNode *statement, QStringList *tables)
{
    const SelectNode *select = asSelectNode(statement);
    if (!select)
        return;
    for (const NodePointer<StatementNode> &part : select->parts)
        collectTables(part.data(), tables);
    for (const FromClause &from : select->froms)
        collectTables(from.node(), tables);
    if (!select->froms.isEmpty())
        return;
    // No FROM: the compiler reads the tables of the columns.
    for (const Expression &column : select->columns) {
        const ExpressionNode *node = column.node();
        if (node && node->kind == ExpressionNode::LabelKind)
            node = static_cast<const LabelNode *>(node)->operand.node();
        if (node && node->kind == ExpressionNode::ColumnKind)
            collectTables(static_cast<const ColumnNode *>(node)->from.data(), tables);
    }
}

void collectTables(const FromNode *node, QStringList *tables)
{
    if (!node)
        return;
    switch (node->kind) {
    case FromNode::TableKind:
        tables->append(static_cast<const TableNode *>(node)->fullName());
        return;
    case FromNode::AliasKind:
        collectTables(static_cast<const AliasNode *>(node)->target.data(), tables);
        return;
    case FromNode::JoinKind:
        collectTables(static_cast<const JoinNode *>(node)->left.data(), tables);
        collectTables(static_cast<const JoinNode *>(node)->right.data(), tables);
        return;
    case FromNode::SubqueryKind:
        collectTables(static_cast<const SubqueryNode *>(node)->select.data(), tables);
        return;
    case FromNode::CteKind:
        collectTables(static_cast<const CteNode *>(node)->select.data(), tables);
        return;
    case FromNode::ErrorKind:
        return;
    }
}

} // namespace

/*!
    The ORDER BY terms of the statement, in order, as orderBy() received them: a descending()
    or nullsFirst() term is an ordering expression, whose column is its operand.
*/
QList<Expression> EntitySelectBase::orderTerms() const
{
    const SelectNode *node = asSelectNode(m_select.node());
    return node ? node->orderBy : QList<Expression>();
}

/*!
    The full names of the tables the statement reads in FROM and its joins, sorted and each
    once; a model refreshes when Session::tablesChanged() names one of them.
*/
QStringList EntitySelectBase::tables() const
{
    QStringList tables;
    collectTables(m_select.node(), &tables);
    tables.sort();
    tables.removeDuplicates();
    return tables;
}

/*!
    Replaces the ORDER BY with \a expressions: models put their own order first
    (QueryModel's orderBy, a keyset page's sort key).
*/
void EntitySelectBase::setOrderBy(const QList<Expression> &expressions)
{
    const SelectNode *node = asSelectNode(m_select.node());
    if (!node)
        return;
    auto *copy = new SelectNode(*node);
    copy->orderBy = expressions;
    m_select = Select(copy);
    m_ordered = !expressions.isEmpty();
}

/*! Adds \a columns after the entities' columns. */
void EntitySelectBase::addColumns(const QList<Expression> &columns)
{
    m_select = m_select.addColumns(columns);
}

} // namespace Qorm
