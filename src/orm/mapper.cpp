// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "mapper_p.h"
#include "mappingparser_p.h"
#include "relationship_p.h"

#include <QtCore/QDebug>
#include <QtCore/QSet>

using namespace Qt::StringLiterals;

namespace Qorm {

// ------------------------------------------------------------------ ColumnMapping & co

/*!
    \class Qorm::ColumnMapping
    \brief The options of one mapped property, the C++ form of
    `Q_CLASSINFO("qorm.column.<property>", "...")`.

    Fields left at their defaults take what the property implies: the column is
    named like the property, its type comes from the registry's TypeMap, it is
    nullable unless it is (part of) the primary key or the version counter.

    \code
    registry.map(Book::staticMetaObject, {
        .table = u"book"_s,
        .columns = {{u"id"_s, {.primaryKey = true}},
                    {u"title"_s, {.length = 200, .nullable = false}}},
    });
    \endcode

    \sa MapperOptions, Registry::map()
*/

/*!
    \class Qorm::IndexMapping
    \brief A named index over several properties, the C++ form of
    `Q_CLASSINFO("qorm.index.<name>", "a, b; unique")`.

    \c properties name properties of the class; a name that is no property is
    taken as a column name.
*/

/*!
    \class Qorm::MapperOptions
    \brief The imperative form of a class's mapping, given to Registry::map().

    Registry::map() reads the class's Q_CLASSINFO entries into the same
    structure and then lays these options over them: a non-empty \c table,
    \c schema, \c comment or \c primaryKey replaces the declared one, an entry
    of \c columns replaces that property's \c qorm.column text as a whole,
    \c exclude adds to \c qorm.exclude, an index replaces the declared index of
    the same name and a relationship the declared one of the same property.
*/

/*!
    \enum ColumnFlag
    \brief What a ColumnProperty's column is; combined in Qorm::ColumnFlags.

    \value PrimaryKey     (part of) the primary key
    \value Nullable       the column accepts NULL
    \value Unique         a UNIQUE constraint or unique index on the column alone
    \value Indexed        an index on the column alone
    \value Autoincrement  the database generates the value (the single integer key)
    \value Version        the optimistic-concurrency version counter
    \value ForeignKey     the column references another table
    \value ClientDefault  Qorm supplies a value on INSERT when none is given
    \value ServerDefault  the DDL has a DEFAULT
    \value OnUpdate       Qorm supplies a value on UPDATE when the column is not set
*/

// ------------------------------------------------------------------ ColumnProperty

/*!
    \class Qorm::ColumnProperty
    \brief One mapped property: the Q_PROPERTY, its column and its SQL type.

    Obtained from Mapper::columnProperties(). Copies share the same data.
*/
/*! An invalid ColumnProperty, as Mapper::columnProperty() returns for an unknown name. */
ColumnProperty::ColumnProperty() noexcept = default;
/*! A handle to the same mapped property as \a other. */
ColumnProperty::ColumnProperty(const ColumnProperty &other) noexcept = default;
/*! Takes over the mapped property of \a other. */
ColumnProperty::ColumnProperty(ColumnProperty &&other) noexcept = default;
/*! Makes this a handle to the same mapped property as \a other. */
ColumnProperty &ColumnProperty::operator=(const ColumnProperty &other) noexcept = default;
ColumnProperty::~ColumnProperty() = default;

/*!
    \fn Qorm::ColumnProperty &Qorm::ColumnProperty::operator=(Qorm::ColumnProperty &&other) noexcept
    Swaps the mapped properties of this handle and \a other.
*/

/*!
    \fn void Qorm::ColumnProperty::swap(Qorm::ColumnProperty &other) noexcept
    Swaps the mapped properties of this handle and \a other; never fails.
*/

/*!
    \fn bool Qorm::ColumnProperty::operator==(const Qorm::ColumnProperty &other) const noexcept
    True when both handles refer to the same mapped property (two invalid ones are equal).
*/

/*!
    \fn bool Qorm::ColumnProperty::operator!=(const Qorm::ColumnProperty &other) const noexcept
    True when the handles refer to different mapped properties.
*/

/*! False for a default-constructed ColumnProperty (an unknown property, for example). */
bool ColumnProperty::isValid() const noexcept
{
    return bool(d);
}

/*! The Q_PROPERTY's name; empty when invalid. */
QString ColumnProperty::propertyName() const
{
    return d ? d->propertyName : QString();
}

/*!
    The property itself: read and write values with it, connect to its
    notify signal.
*/
QMetaProperty ColumnProperty::metaProperty() const
{
    return d ? d->metaProperty : QMetaProperty();
}

/*!
    The class that declares the property: the mapped class itself, or the
    non-mapped base class (an abstract base or mixin) it inherits it from.
*/
const QMetaObject *ColumnProperty::declaringClass() const
{
    return d ? d->declaringClass : nullptr;
}

/*!
    The column's name: the property name unless the mapping renamed it (\c column= or
    ColumnMapping::column). Statements use it; objects use propertyName().
*/
QString ColumnProperty::columnName() const
{
    return d ? d->columnName : QString();
}

/*!
    The table's column, for use in Core statements:
    `select(mapper.table()).where(property.column() == 42)`.
*/
Column ColumnProperty::column() const
{
    return d ? d->column : Column();
}

/*!
    The column's SQL type: from the mapping's \c type= (and \c length=), else the registry's
    TypeMap entry for the property's C++ type at the time the class was mapped.
*/
SqlType ColumnProperty::sqlType() const
{
    return d ? d->sqlType : SqlType();
}

/*! What the column is: key, nullable, unique, defaults... (see ColumnFlag). */
ColumnFlags ColumnProperty::flags() const
{
    return d ? d->flags : ColumnFlags();
}

/*! True when the column is the primary key or part of it. */
bool ColumnProperty::isPrimaryKey() const
{
    return flags().testFlag(ColumnFlag::PrimaryKey);
}

/*!
    True when the column accepts NULL: by default every column but the primary key and the
    version counter; \c nullable= decides otherwise.
*/
bool ColumnProperty::isNullable() const
{
    return flags().testFlag(ColumnFlag::Nullable);
}

/*!
    True for the optimistic-concurrency version counter: the flush's UPDATEs and DELETEs
    check it (an UPDATE also bumps it), and a stale one fails the flush with a
    StaleDataError.
*/
bool ColumnProperty::isVersion() const
{
    return flags().testFlag(ColumnFlag::Version);
}

// ------------------------------------------------------------------ Mapper

/*!
    \class Qorm::Mapper
    \brief How one QObject class maps to one table: SQLAlchemy's \c Mapper,
    the answer of `inspect(User)`.

    A Mapper is made by Registry::map() and never changes afterwards. It tells
    which properties are columns (columnProperties()), the key (primaryKey()),
    the optimistic-concurrency counter (versionProperty()) and the Core Table
    the class maps to (table()), usable in Core statements:

    \code
    const Qorm::Mapper users = registry.mapper<User>();
    const auto statement =
            Qorm::select(users.table()).where(users.columnFor(u"name"_s) == u"Alice"_s);
    for (const Qorm::ColumnProperty &property : users.columnProperties())
        qDebug() << property.propertyName() << "->" << property.columnName();
    \endcode

    Copies share the same mapping; a default-constructed Mapper is invalid.
*/
/*! An invalid Mapper, as Registry::mapper() returns for a class that is not mapped. */
Mapper::Mapper() noexcept = default;
/*! A handle to the same mapping as \a other. */
Mapper::Mapper(const Mapper &other) noexcept = default;
/*! Takes over the mapping of \a other. */
Mapper::Mapper(Mapper &&other) noexcept = default;
/*! Makes this a handle to the same mapping as \a other. */
Mapper &Mapper::operator=(const Mapper &other) noexcept = default;
Mapper::~Mapper() = default;

/*!
    \fn Qorm::Mapper &Qorm::Mapper::operator=(Qorm::Mapper &&other) noexcept
    Swaps the mappings of this handle and \a other.
*/

/*!
    \fn void Qorm::Mapper::swap(Qorm::Mapper &other) noexcept
    Swaps the mappings of this handle and \a other; never fails.
*/

/*!
    \fn bool Qorm::Mapper::operator==(const Qorm::Mapper &other) const noexcept
    True when both handles refer to the same mapping (two invalid ones are equal).
*/

/*!
    \fn bool Qorm::Mapper::operator!=(const Qorm::Mapper &other) const noexcept
    True when the handles refer to different mappings.
*/

/*! False for a default-constructed Mapper: the class was not mapped. */
bool Mapper::isValid() const noexcept
{
    return bool(d);
}

/*! The mapped class; null when invalid. */
const QMetaObject *Mapper::metaObject() const
{
    return d ? d->metaObject : nullptr;
}

/*!
    The class name as moc spells it, namespace included.
*/
QString Mapper::className() const
{
    return d ? QString::fromUtf8(d->metaObject->className()) : QString();
}

/*!
    The class's table, which Registry::map() added to Registry::metadata().
*/
Table Mapper::table() const
{
    return d ? d->table : Table();
}

/*!
    The mapped properties in column order: those of the base classes first,
    each class's in declaration order.
*/
QList<ColumnProperty> Mapper::columnProperties() const
{
    return d ? d->columns : QList<ColumnProperty>();
}

/*!
    The mapped property named \a propertyName, or an invalid ColumnProperty
    when the class has no such column property.
*/
ColumnProperty Mapper::columnProperty(const QString &propertyName) const
{
    if (!d)
        return {};
    const auto it = d->byProperty.constFind(propertyName);
    return it == d->byProperty.cend() ? ColumnProperty() : d->columns.at(*it);
}

/*!
    The table column that \a propertyName maps to; an invalid Column when the
    property is not mapped.
*/
Column Mapper::columnFor(const QString &propertyName) const
{
    return columnProperty(propertyName).column();
}

/*!
    The property that maps to the column \a columnName; empty when none does.
*/
QString Mapper::propertyFor(const QString &columnName) const
{
    if (!d)
        return {};
    const auto it = d->byColumn.constFind(columnName);
    return it == d->byColumn.cend() ? QString() : d->columns.at(*it).propertyName();
}

/*!
    The primary key's properties, in key order (the order of
    \c qorm.primaryKey for a composite key).
*/
QList<ColumnProperty> Mapper::primaryKey() const
{
    return d ? d->primaryKey : QList<ColumnProperty>();
}

/*!
    The optimistic-concurrency version counter, or an invalid ColumnProperty
    when the class has none.
*/
ColumnProperty Mapper::versionProperty() const
{
    return d ? d->version : ColumnProperty();
}

/*!
    The class's properties that are not columns, in declaration order:
    excluded and transient ones, relationships, and those the mapping skips
    (CONSTANT, read-only or not STORED).
*/
QStringList Mapper::unmappedProperties() const
{
    return d ? d->unmapped : QStringList();
}

/*!
    The relationship declarations, property name to the text of
    `Q_CLASSINFO("qorm.relationship.<property>", ...)`. They are kept as
    written for the relationship layer; map() checks only that the property
    exists.
*/
QMap<QString, QString> Mapper::relationshipDeclarations() const
{
    return d ? d->relationships : QMap<QString, QString>();
}

/*!
    The class's relationships, in property order. Their targets and foreign
    keys are known once Registry::configure() has run (a Session runs it).
*/
QList<Relationship> Mapper::relationships() const
{
    return d ? d->relationshipList : QList<Relationship>();
}

/*! The relationship declared on \a propertyName, or an invalid one. */
Relationship Mapper::relationship(const QString &propertyName) const
{
    if (!d)
        return {};
    for (const Relationship &relationship : std::as_const(d->relationshipList)) {
        if (relationship.name() == propertyName)
            return relationship;
    }
    return {};
}

// ------------------------------------------------------------------ building

namespace {

struct Candidate
{
    QMetaProperty metaProperty;
    const QMetaObject *declaringClass = nullptr;
    QString name;
    QString columnName;
    SqlType type;
    ColumnMapping mapping;
};

QString unmappableTypeProblem(const QString &name, QMetaType type)
{
    if (type.id() == QMetaType::QVariant)
        return u"property \"%1\": a QVariant property needs a type= option "
               u"(Q_CLASSINFO(\"qorm.column.%1\", "
               u"\"type=integer\"), or ColumnMapping::type)"_s.arg(name);
    QString text =
            u"property \"%1\": type %2 has no SQL type in the registry's TypeMap; add one with "
            u"registry.typeMap().insert(QMetaType::fromType<%2>(), ...) before map(), give a type= "
            u"option, "
            u"or leave the property unmapped with \"transient\""_s.arg(name,
                                                                       Detail::typeName(type));
    if (type.flags() & (QMetaType::PointerToQObject | QMetaType::IsPointer))
        text += u", or declare it as a relationship with Q_CLASSINFO(\"qorm.relationship.%1\", ...)"_s
                        .arg(name);
    return text;
}

} // namespace

//! \cond internal
Mapper MapperPrivate::build(const QMetaObject &metaObject, const MapperOptions &options,
                            const TypeMap &typeMap, QStringList *problems)
{
    const QStringList names = Detail::mappablePropertyNames(metaObject);
    auto unknown = [&](const QString &property, const QString &where) {
        if (names.contains(property))
            return false;
        problems->append(u"property \"%1\" named in %2 does not exist%3"_s.arg(
                property, where, Detail::suggestion(property, names)));
        return true;
    };
    const QSet<QString> excluded(options.exclude.cbegin(), options.exclude.cend());
    for (const QString &property : options.exclude)
        unknown(property, u"MapperOptions::exclude"_s);
    for (auto it = options.relationships.cbegin(); it != options.relationships.cend(); ++it)
        unknown(it.key(), u"MapperOptions::relationships"_s);
    for (auto it = options.columns.cbegin(); it != options.columns.cend(); ++it) {
        if (unknown(it.key(), u"MapperOptions::columns"_s))
            continue;
        if (excluded.contains(it.key()))
            problems->append(
                    u"property \"%1\" is excluded (transient) and has column options too"_s.arg(
                            it.key()));
        else if (options.relationships.contains(it.key()))
            problems->append(u"property \"%1\" is a relationship and has column options too"_s.arg(
                    it.key()));
    }
    if (options.table.isEmpty())
        problems->append(
                u"no table name; add Q_CLASSINFO(\"qorm.table\", \"<name>\") to the class or pass "
                u"MapperOptions::table"_s);

    // The columns: every stored, writable, non-constant property of the class and its bases.
    QList<Candidate> candidates;
    QStringList unmapped;
    QHash<QString, QString> propertyOfColumn;
    QString versionProperty;
    for (int i = QObject::staticMetaObject.propertyCount(); i < metaObject.propertyCount(); ++i) {
        const QMetaProperty property = metaObject.property(i);
        const QString name = QString::fromUtf8(property.name());
        if (excluded.contains(name) || options.relationships.contains(name)) {
            unmapped += name;
            continue;
        }
        const auto explicitMapping = options.columns.constFind(name);
        const bool hasMapping = explicitMapping != options.columns.cend();
        if (property.isConstant() || !property.isWritable() || !property.isStored()) {
            if (hasMapping) {
                const QString why = property.isConstant() ? u"CONSTANT"_s
                        : !property.isWritable()          ? u"read-only (no WRITE or MEMBER)"_s
                                                          : u"not STORED"_s;
                problems->append(
                        u"property \"%1\" is %2, so it cannot be a column; remove its column "
                        u"options "
                        u"or make it a writable property with a NOTIFY signal"_s.arg(name, why));
            } else {
                unmapped += name;
            }
            continue;
        }
        if (!property.hasNotifySignal()) {
            problems->append(
                    u"property \"%1\" has no NOTIFY signal; Qorm tracks changes to column "
                    u"properties "
                    u"through their NOTIFY signal, so add one (NOTIFY %1Changed), or leave the "
                    u"property "
                    u"unmapped with Q_CLASSINFO(\"qorm.column.%1\", \"transient\")"_s.arg(name));
            continue;
        }
        Candidate candidate;
        candidate.metaProperty = property;
        candidate.declaringClass = Detail::declaringClass(metaObject, i);
        candidate.name = name;
        if (hasMapping)
            candidate.mapping = *explicitMapping;
        const ColumnMapping &mapping = candidate.mapping;
        const QMetaType propertyType = property.metaType();

        candidate.type = mapping.type.isValid() ? mapping.type : typeMap.sqlType(propertyType);
        if (!candidate.type.isValid()) {
            problems->append(unmappableTypeProblem(name, propertyType));
            continue;
        }
        if (mapping.type.isValid() && propertyType.id() != QMetaType::QVariant
            && !QMetaType::canConvert(propertyType, mapping.type.valueType())) {
            problems->append(
                    u"property \"%1\": type %2 does not convert to the %3 values of its type= option"_s
                            .arg(name, Detail::typeName(propertyType),
                                 Detail::typeName(mapping.type.valueType())));
        }
        if (mapping.length > 0) {
            if (candidate.type.kind() == SqlType::String)
                candidate.type = SqlType::string(mapping.length);
            else
                problems->append(u"property \"%1\": length applies to string columns, and a %2 "
                                 u"property is not "
                                 u"one (use type=string with a length for a string column)"_s.arg(
                                         name, Detail::typeName(propertyType)));
        } else if (mapping.length < 0) {
            problems->append(u"property \"%1\": length must be positive, not %2"_s.arg(name).arg(
                    mapping.length));
        }
        if (mapping.version) {
            if (!isIntegerKind(candidate.type.kind()))
                problems->append(
                        u"property \"%1\": a version column counts updates and must be an integer, "
                        u"not %2"_s.arg(name, Detail::typeName(propertyType)));
            else if (!versionProperty.isEmpty())
                problems->append(
                        u"property \"%1\": the class has a version column already (\"%2\")"_s.arg(
                                name, versionProperty));
            else
                versionProperty = name;
        }
        if (mapping.primaryKey && mapping.nullable.value_or(false))
            problems->append(
                    u"property \"%1\": a primary key column cannot be nullable"_s.arg(name));
        if (mapping.foreignKey.isValid() && mapping.foreignKey.targetTable().isEmpty())
            problems->append(
                    u"property \"%1\": foreignKey must name table.column, not \"%2\""_s.arg(
                            name, mapping.foreignKey.target()));

        candidate.columnName = mapping.column.isEmpty() ? name : mapping.column;
        if (propertyOfColumn.contains(candidate.columnName)) {
            problems->append(
                    u"property \"%1\": column \"%2\" is the column of property \"%3\" already"_s
                            .arg(name, candidate.columnName,
                                 propertyOfColumn.value(candidate.columnName)));
            continue;
        }
        propertyOfColumn.insert(candidate.columnName, name);
        candidates += candidate;
    }
    auto candidateNamed = [&](const QString &name) -> const Candidate * {
        for (const Candidate &candidate : std::as_const(candidates)) {
            if (candidate.name == name)
                return &candidate;
        }
        return nullptr;
    };

    // The primary key: qorm.primaryKey (in its order), else the properties marked primaryKey.
    QStringList key;
    if (!options.primaryKey.isEmpty()) {
        for (const QString &property : options.primaryKey) {
            if (key.contains(property))
                continue;
            if (!names.contains(property))
                unknown(property, u"the primary key"_s);
            else if (!candidateNamed(property))
                problems->append(u"property \"%1\" is in the primary key but is not a column"_s.arg(
                        property));
            key += property;
        }
        for (const Candidate &candidate : std::as_const(candidates)) {
            if (candidate.mapping.primaryKey && !key.contains(candidate.name))
                problems->append(
                        u"property \"%1\" is marked primaryKey but the class's primary key is (%2)"_s
                                .arg(candidate.name, key.join(u", "_s)));
        }
    } else {
        for (const Candidate &candidate : std::as_const(candidates)) {
            if (candidate.mapping.primaryKey)
                key += candidate.name;
        }
    }
    // A mistyped or malformed primaryKey option is often why there is no key: say it once.
    if (key.isEmpty() && problems->isEmpty()) {
        QString hint;
        if (candidateNamed(u"id"_s))
            hint = u" (is it \"id\"? Q_CLASSINFO(\"qorm.column.id\", \"primaryKey\"))"_s;
        problems->append(
                u"no primary key%1; mark a property with Q_CLASSINFO(\"qorm.column.<property>\", "
                u"\"primaryKey\") or list the key's properties in Q_CLASSINFO(\"qorm.primaryKey\", "
                u"\"a, b\")"_s.arg(hint));
    }

    // Indexes name properties, or columns when no property has the name.
    QList<Index> indexes;
    for (const IndexMapping &index : options.indexes) {
        if (index.name.isEmpty()) {
            problems->append(u"an index has no name"_s);
            continue;
        }
        QStringList columns;
        for (const QString &name : index.properties) {
            if (const Candidate *candidate = candidateNamed(name))
                columns += candidate->columnName;
            else if (propertyOfColumn.contains(name))
                columns += name;
            else
                problems->append(u"property \"%1\" named in index \"%2\" is not a column%3"_s.arg(
                        name, index.name, Detail::suggestion(name, names)));
        }
        if (columns.isEmpty())
            problems->append(u"index \"%1\" has no column"_s.arg(index.name));
        indexes += Index(index.name, columns, index.uniqueness);
    }

    if (!problems->isEmpty())
        return {};

    QList<Column> columns;
    for (const Candidate &candidate : std::as_const(candidates)) {
        const ColumnMapping &mapping = candidate.mapping;
        ColumnOptions columnOptions;
        columnOptions.primaryKey = key.contains(candidate.name);
        columnOptions.nullable = mapping.nullable;
        if (mapping.version && !columnOptions.nullable.has_value())
            columnOptions.nullable = false;
        columnOptions.unique = mapping.unique;
        columnOptions.index = mapping.index;
        columnOptions.autoincrement = mapping.autoincrement;
        columnOptions.defaultValue = mapping.defaultValue;
        columnOptions.serverDefault = mapping.serverDefault;
        columnOptions.onUpdate = mapping.onUpdate;
        columnOptions.foreignKey = mapping.foreignKey;
        columnOptions.comment = mapping.comment;
        columns += Column(candidate.columnName, candidate.type, columnOptions);
    }
    QList<Constraint> constraints;
    if (key.size() > 1) {
        // A composite key keeps the declared order, which need not be the column order.
        QStringList keyColumns;
        for (const QString &property : std::as_const(key))
            keyColumns += candidateNamed(property)->columnName;
        constraints += Constraint::primaryKey(keyColumns);
    }
    TableOptions tableOptions;
    tableOptions.schema = options.schema;
    tableOptions.comment = options.comment;
    const Table table(options.table, columns, constraints, indexes, tableOptions);
    if (!table.definitionError().isEmpty()) {
        problems->append(table.definitionError());
        return {};
    }

    auto *d = new MapperPrivate;
    Mapper mapper;
    mapper.d = d;
    d->metaObject = &metaObject;
    d->table = table;
    d->unmapped = unmapped;
    d->relationships = options.relationships;
    // In property order (the declarations map is sorted by name).
    for (int i = QObject::staticMetaObject.propertyCount(); i < metaObject.propertyCount(); ++i) {
        const QString name = QString::fromUtf8(metaObject.property(i).name());
        const auto declaration = options.relationships.constFind(name);
        if (declaration == options.relationships.cend())
            continue;
        const Relationship relationship =
                RelationshipPrivate::parse(metaObject, name, *declaration, problems);
        if (relationship.isValid())
            d->relationshipList += relationship;
    }
    if (!problems->isEmpty())
        return {};
    for (const Candidate &candidate : std::as_const(candidates)) {
        ColumnProperty property;
        property.d = new ColumnPropertyPrivate;
        ColumnPropertyPrivate *p = property.d.data();
        p->metaProperty = candidate.metaProperty;
        p->declaringClass = candidate.declaringClass;
        p->propertyName = candidate.name;
        p->columnName = candidate.columnName;
        p->sqlType = candidate.type;
        p->column = table.column(candidate.columnName);
        const ColumnOptions columnOptions = p->column.options();
        p->flags.setFlag(ColumnFlag::PrimaryKey, p->column.isPrimaryKey());
        p->flags.setFlag(ColumnFlag::Nullable, p->column.isNullable());
        p->flags.setFlag(ColumnFlag::Unique, columnOptions.unique);
        p->flags.setFlag(ColumnFlag::Indexed, columnOptions.index);
        p->flags.setFlag(ColumnFlag::Autoincrement, p->column.isAutoincrement());
        p->flags.setFlag(ColumnFlag::Version, candidate.mapping.version);
        p->flags.setFlag(ColumnFlag::ForeignKey, columnOptions.foreignKey.isValid());
        p->flags.setFlag(ColumnFlag::ClientDefault, columnOptions.defaultValue.isValid());
        p->flags.setFlag(ColumnFlag::ServerDefault, columnOptions.serverDefault.isValid());
        p->flags.setFlag(ColumnFlag::OnUpdate, columnOptions.onUpdate.isValid());
        d->byProperty.insert(candidate.name, d->columns.size());
        d->byColumn.insert(candidate.columnName, d->columns.size());
        d->columns += property;
        if (candidate.mapping.version)
            d->version = property;
    }
    for (const QString &property : std::as_const(key))
        d->primaryKey += d->columns.at(d->byProperty.value(property));
    return mapper;
}
//! \endcond

// ------------------------------------------------------------------ debug

/*! Writes \a property to \a debug: property, column name, key and version flags. */
QDebug operator<<(QDebug debug, const ColumnProperty &property)
{
    const QDebugStateSaver saver(debug);
    debug.nospace().noquote();
    if (!property.isValid())
        return debug << "Qorm::ColumnProperty()";
    debug << "Qorm::ColumnProperty(" << property.propertyName();
    if (property.columnName() != property.propertyName())
        debug << " -> " << property.columnName();
    if (property.isPrimaryKey())
        debug << ", primary key";
    if (property.isVersion())
        debug << ", version";
    return debug << ')';
}

/*! Writes \a mapper to \a debug: class, table and each property with its column. */
QDebug operator<<(QDebug debug, const Mapper &mapper)
{
    const QDebugStateSaver saver(debug);
    debug.nospace().noquote();
    if (!mapper.isValid())
        return debug << "Qorm::Mapper()";
    QStringList columns;
    for (const ColumnProperty &property : mapper.columnProperties()) {
        columns += property.columnName() == property.propertyName()
                ? property.propertyName()
                : property.propertyName() + u" -> "_s + property.columnName();
    }
    return debug << "Qorm::Mapper(" << mapper.className() << " -> " << mapper.table().fullName()
                 << ": " << columns.join(u", "_s) << ')';
}

} // namespace Qorm
