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

// ------------------------------------------------------------------ EXISTS, joinedFrom

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

// ------------------------------------------------------------------ EntitySelectBase

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

QList<const QMetaObject *> EntitySelectBase::entities() const
{
    return QList<const QMetaObject *>{ m_entity } + m_others;
}

void EntitySelectBase::addJoin(const FromClause &source, const Expression &on,
                               FromClause::JoinType type)
{
    m_select = m_select.join(source, on, type);
}

void EntitySelectBase::addGroupBy(const QList<Expression> &expressions)
{
    m_select = m_select.groupBy(expressions);
}

void EntitySelectBase::addHaving(const Expression &condition)
{
    m_select = m_select.having(condition);
}

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

// Models put their own order first (QueryModel's orderBy, a keyset page's sort key).
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

void EntitySelectBase::addColumns(const QList<Expression> &columns)
{
    m_select = m_select.addColumns(columns);
}

} // namespace Qorm
