// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "errormodels.h"
#include "models.h"

#include <Qorm/dialects/dialect.h>
#include <Qorm/engine/connection.h>
#include <Qorm/orm/registry.h>
#include <Qorm/sql/statements.h>

#include <QtCore/QRegularExpression>
#include <QtTest/QTest>

#include <databases.h>

using namespace Qt::StringLiterals;
using namespace Qorm;

Q_DECLARE_METATYPE(const QMetaObject *)
Q_DECLARE_METATYPE(Qorm::MapperOptions)

namespace {

QStringList ddl(const Table &table, const Dialect &dialect)
{
    QStringList result;
    for (const CompiledStatement &statement : dialect.createTable(table)) {
        if (!statement.isValid())
            result += u"ERROR: "_s + statement.error().text();
        else
            result += statement.sql();
    }
    return result;
}

Dialect dialectNamed(const QString &name)
{
    if (name == u"sqlite"_s)
        return Dialect::sqlite();
    if (name == u"postgresql"_s)
        return Dialect::postgresql();
    return Dialect::mysql();
}

QStringList propertyNames(const QList<ColumnProperty> &properties)
{
    QStringList names;
    for (const ColumnProperty &property : properties)
        names += property.propertyName();
    return names;
}

QStringList tableNames(const MetaData &metadata)
{
    QStringList names;
    for (const Table &table : metadata.tables())
        names += table.fullName();
    return names;
}

// What a column property is, in one comparable line.
QString describe(const ColumnProperty &property)
{
    const Column column = property.column();
    const ColumnOptions options = column.options();
    return u"%1 -> %2 kind=%3 length=%4 flags=%5 default=%6 onUpdate=%7 fk=%8 comment=%9"_s
            .arg(property.propertyName(), property.columnName())
            .arg(property.sqlType().kind())
            .arg(property.sqlType().length())
            .arg(property.flags().toInt())
            .arg(options.defaultValue.kind() == ColumnDefault::Value
                         ? options.defaultValue.value().toString()
                         : QString::number(options.defaultValue.kind()))
            .arg(options.onUpdate.kind())
            .arg(options.foreignKey.target())
            .arg(options.comment);
}

ColumnDefault utcNow()
{
    return ColumnDefault(
            std::function<QVariant()>([] { return QVariant(QDateTime::currentDateTimeUtc()); }));
}

// PlainProduct's mapping, in C++: the same as Product's Q_CLASSINFO.
MapperOptions plainProductOptions()
{
    ForeignKeyOptions cascade;
    cascade.onDelete = ReferentialAction::Cascade;
    MapperOptions options;
    options.table = u"product"_s;
    options.comment = u"things for sale"_s;
    options.columns = {
        { u"id"_s, { .primaryKey = true, .autoincrement = Autoincrement::No } },
        { u"code"_s,
          { .column = u"product_code"_s, .length = 20, .nullable = false, .unique = true } },
        { u"description"_s,
          { .type = SqlType::text(), .nullable = true, .comment = u"shown on the page"_s } },
        { u"price"_s,
          { .type = SqlType::numeric(10, 2),
            .nullable = false,
            .serverDefault = literal(0.0, SqlType::numeric(10, 2)) } },
        { u"status"_s, { .index = true, .defaultValue = PlainProduct::Active } },
        { u"visible"_s,
          { .defaultValue = true, .serverDefault = literal(true, SqlType::boolean()) } },
        { u"label"_s, { .defaultValue = QVariant(u"a; b"_s) } },
        { u"addedAt"_s, { .column = u"added_at"_s, .serverDefault = Function::now() } },
        { u"changedAt"_s,
          { .column = u"changed_at"_s, .defaultValue = utcNow(), .onUpdate = utcNow() } },
        { u"ownerId"_s,
          { .column = u"owner_id"_s,
            .index = true,
            .foreignKey = ForeignKey(u"user_account.id"_s, cascade) } },
        { u"revision"_s, { .version = true } },
        { u"stock"_s, { .type = SqlType::bigInteger() } },
        { u"rating"_s, { .type = SqlType::integer() } },
    };
    options.exclude = { u"note"_s, u"cache"_s, u"scratch"_s };
    return options;
}

} // namespace

class tst_Mapper : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void declarative();
    void everyOption();
    void compositeKey_data();
    void compositeKey();
    void abstractBaseAndMixin_data();
    void abstractBaseAndMixin();
    void reservedWords_data();
    void reservedWords();
    void typeMapExtension();
    void imperativeEqualsDeclarative();
    void optionsOverClassInfo();
    void errors_data();
    void errors();
    void imperativeErrors_data();
    void imperativeErrors();
    void lastErrorClearedBySuccess();
    void displayAndLabels();
    void createAllAndInsert_data();
    void createAllAndInsert();
};

void tst_Mapper::declarative()
{
    Registry registry;
    QVERIFY2(registry.map<User>(), qPrintable(registry.lastError().text()));
    QVERIFY(!registry.lastError().isValid());

    const Mapper mapper = registry.mapper<User>();
    QVERIFY(mapper.isValid());
    QCOMPARE(mapper.metaObject(), &User::staticMetaObject);
    QCOMPARE(mapper.className(), u"User"_s);
    QCOMPARE(registry.mapper(u"User"_s), mapper);
    QCOMPARE(registry.mapper(User::staticMetaObject), mapper);
    QCOMPARE(registry.mappers(), QList<Mapper>{ mapper });
    QVERIFY(!registry.mapper<Product>().isValid());
    QVERIFY(!registry.mapper(u"Nobody"_s).isValid());

    QCOMPARE(mapper.table().fullName(), u"user_account"_s);
    QCOMPARE(tableNames(registry.metadata()), QStringList{ u"user_account"_s });
    QCOMPARE(registry.metadata().table(u"user_account"_s).columns().size(), 3);

    QCOMPARE(propertyNames(mapper.columnProperties()),
             (QStringList{ u"id"_s, u"name"_s, u"email"_s }));
    QCOMPARE(propertyNames(mapper.primaryKey()), QStringList{ u"id"_s });
    QVERIFY(!mapper.versionProperty().isValid());
    // CONSTANT (a relationship) and read-only (displayName) properties are not columns.
    QCOMPARE(mapper.unmappedProperties(), (QStringList{ u"addresses"_s, u"displayName"_s }));
    QCOMPARE(mapper.relationshipDeclarations(),
             (QMap<QString, QString>{
                     { u"addresses"_s,
                       u"Address; backPopulates=user; cascade=all,delete-orphan"_s } }));

    const ColumnProperty id = mapper.columnProperty(u"id"_s);
    QVERIFY(id.isValid());
    QCOMPARE(id.columnName(), u"id"_s);
    QCOMPARE(id.sqlType(), SqlType::bigInteger());
    QCOMPARE(id.flags(), ColumnFlags(ColumnFlag::PrimaryKey | ColumnFlag::Autoincrement));
    QVERIFY(id.isPrimaryKey());
    QVERIFY(!id.isNullable());
    QCOMPARE(id.declaringClass(), &User::staticMetaObject);

    const ColumnProperty name = mapper.columnProperty(u"name"_s);
    QCOMPARE(name.sqlType(), SqlType::string(255));
    QCOMPARE(name.flags(), ColumnFlags(ColumnFlag::Nullable | ColumnFlag::Indexed));
    const ColumnProperty email = mapper.columnProperty(u"email"_s);
    QCOMPARE(email.flags(), ColumnFlags(ColumnFlag::Unique));
    QVERIFY(!mapper.columnProperty(u"addresses"_s).isValid());

    // The property reads and writes objects; its notify signal is the one change tracking uses.
    User user;
    QVERIFY(name.metaProperty().write(&user, u"Alice"_s));
    QCOMPARE(user.m_name, u"Alice"_s);
    QCOMPARE(name.metaProperty().notifySignal().name(), QByteArray("nameChanged"));

    // Lookups both ways, and the Core column for statements.
    QCOMPARE(mapper.columnFor(u"email"_s).name(), u"email"_s);
    QCOMPARE(mapper.columnFor(u"email"_s).table().fullName(), u"user_account"_s);
    QVERIFY(!mapper.columnFor(u"displayName"_s).isValid());
    QCOMPARE(mapper.propertyFor(u"email"_s), u"email"_s);
    QVERIFY(mapper.propertyFor(u"nothing"_s).isEmpty());
    const CompiledStatement statement = Dialect::sqlite().compile(
            select(mapper.table()).where(mapper.columnFor(u"name"_s) == u"Alice"_s));
    QCOMPARE(statement.sql(),
             u"SELECT user_account.id, user_account.name, user_account.email FROM user_account "
             u"WHERE user_account.name = ?"_s);

    QCOMPARE(ddl(mapper.table(), Dialect::postgresql()),
             (QStringList{ u"CREATE TABLE user_account (id BIGSERIAL NOT NULL, name VARCHAR(255), "
                           u"email VARCHAR(320) "
                           u"NOT NULL, PRIMARY KEY (id), UNIQUE (email))"_s,
                           u"CREATE INDEX ix_user_account_name ON user_account (name)"_s }));

    QCOMPARE(QDebug::toString(mapper), u"Qorm::Mapper(User -> user_account: id, name, email)"_s);
}

void tst_Mapper::everyOption()
{
    Registry registry;
    QVERIFY2(registry.map<Product>(), qPrintable(registry.lastError().text()));
    const Mapper mapper = registry.mapper<Product>();
    const Table table = mapper.table();
    QCOMPARE(table.comment(), u"things for sale"_s);

    // transient and qorm.exclude leave properties out.
    QCOMPARE(propertyNames(mapper.columnProperties()),
             (QStringList{ u"id"_s, u"code"_s, u"description"_s, u"price"_s, u"status"_s,
                           u"visible"_s, u"label"_s, u"addedAt"_s, u"changedAt"_s, u"ownerId"_s,
                           u"revision"_s, u"stock"_s, u"rating"_s, u"token"_s, u"picture"_s }));
    QCOMPARE(mapper.unmappedProperties(), (QStringList{ u"note"_s, u"cache"_s, u"scratch"_s }));

    // primaryKey; autoincrement=no
    const Column id = mapper.columnFor(u"id"_s);
    QVERIFY(id.isPrimaryKey());
    QVERIFY(!id.isAutoincrement());
    QCOMPARE(id.options().autoincrement, Autoincrement::No);

    // column=; length=; unique; notNull
    const ColumnProperty code = mapper.columnProperty(u"code"_s);
    QCOMPARE(code.columnName(), u"product_code"_s);
    QCOMPARE(mapper.propertyFor(u"product_code"_s), u"code"_s);
    QVERIFY(!mapper.columnFor(u"code"_s).isNullable());
    QCOMPARE(code.sqlType(), SqlType::string(20));
    QVERIFY(code.flags().testFlag(ColumnFlag::Unique));
    QVERIFY(!code.isNullable());

    // type=text; nullable; comment=
    const ColumnProperty description = mapper.columnProperty(u"description"_s);
    QCOMPARE(description.sqlType(), SqlType::text());
    QVERIFY(description.isNullable());
    QCOMPARE(description.column().options().nullable, std::optional<bool>(true));
    QCOMPARE(description.column().options().comment, u"shown on the page"_s);

    // type=numeric(p, s); serverDefault=<literal>
    const ColumnProperty price = mapper.columnProperty(u"price"_s);
    QCOMPARE(price.sqlType(), SqlType::numeric(10, 2));
    QVERIFY(price.flags().testFlag(ColumnFlag::ServerDefault));

    // default=<literal>, read as the property's type: an enum key, a bool, a quoted string
    const ColumnProperty status = mapper.columnProperty(u"status"_s);
    QCOMPARE(status.sqlType().kind(), SqlType::Enum);
    QCOMPARE(status.column().options().defaultValue.value(), QVariant::fromValue(Product::Active));
    QVERIFY(status.flags().testFlag(ColumnFlag::Indexed));
    QCOMPARE(mapper.columnFor(u"visible"_s).options().defaultValue.value(), QVariant(true));
    QCOMPARE(mapper.columnFor(u"label"_s).options().defaultValue.value(), QVariant(u"a; b"_s));

    // serverDefault=now; default=now and onUpdate=now are client-side and evaluated per row
    const ColumnProperty addedAt = mapper.columnProperty(u"addedAt"_s);
    QCOMPARE(addedAt.columnName(), u"added_at"_s);
    QCOMPARE(addedAt.flags(), ColumnFlags(ColumnFlag::Nullable | ColumnFlag::ServerDefault));
    const ColumnOptions changedAt = mapper.columnFor(u"changedAt"_s).options();
    QCOMPARE(changedAt.defaultValue.kind(), ColumnDefault::Callable);
    QCOMPARE(changedAt.onUpdate.kind(), ColumnDefault::Callable);
    const QDateTime before = QDateTime::currentDateTimeUtc();
    const QDateTime now = changedAt.onUpdate.value().toDateTime();
    QCOMPARE(now.timeSpec(), Qt::UTC);
    QVERIFY(now >= before && now <= QDateTime::currentDateTimeUtc());

    // foreignKey=; onDelete=; index
    const ColumnProperty owner = mapper.columnProperty(u"ownerId"_s);
    QCOMPARE(owner.columnName(), u"owner_id"_s);
    QCOMPARE(owner.column().options().foreignKey.target(), u"user_account.id"_s);
    QCOMPARE(owner.column().options().foreignKey.options().onDelete, ReferentialAction::Cascade);
    QCOMPARE(owner.flags(),
             ColumnFlags(ColumnFlag::Nullable | ColumnFlag::Indexed | ColumnFlag::ForeignKey));
    QCOMPARE(table.referencedTables(), QStringList{ u"user_account"_s });

    // version: an integer, NOT NULL
    QCOMPARE(mapper.versionProperty().propertyName(), u"revision"_s);
    QVERIFY(mapper.versionProperty().isVersion());
    QVERIFY(!mapper.versionProperty().isNullable());

    // type= overrides the type map: int as BIGINT; a QVariant property (NULL-able integer) as
    // INTEGER
    QCOMPARE(mapper.columnProperty(u"stock"_s).sqlType(), SqlType::bigInteger());
    QCOMPARE(mapper.columnProperty(u"rating"_s).sqlType(), SqlType::integer());
    // Unmentioned properties take the type map's type and are nullable.
    QCOMPARE(mapper.columnProperty(u"token"_s).sqlType(), SqlType::uuid());
    QCOMPARE(mapper.columnProperty(u"picture"_s).flags(), ColumnFlags(ColumnFlag::Nullable));

    QCOMPARE(
            ddl(table, Dialect::sqlite()),
            (QStringList{
                    u"CREATE TABLE product (id BIGINT NOT NULL, product_code VARCHAR(20) NOT NULL, "
                    u"description TEXT, "
                    u"price NUMERIC(10, 2) NOT NULL DEFAULT 0, status VARCHAR(7) CHECK (status IN "
                    u"('Draft', "
                    u"'Active', 'Retired')), visible BOOLEAN DEFAULT 1, label VARCHAR, added_at "
                    u"DATETIME DEFAULT "
                    u"(strftime('%Y-%m-%d %H:%M:%f', 'now')), changed_at DATETIME, owner_id "
                    u"BIGINT, revision INTEGER NOT NULL, stock "
                    u"BIGINT, rating INTEGER, token CHAR(36), picture BLOB, PRIMARY KEY (id), "
                    u"UNIQUE "
                    u"(product_code), FOREIGN KEY (owner_id) REFERENCES user_account (id) ON DELETE CASCADE)"_s,
                    u"CREATE INDEX ix_product_status ON product (status)"_s,
                    u"CREATE INDEX ix_product_owner_id ON product (owner_id)"_s }));
}

void tst_Mapper::compositeKey_data()
{
    QTest::addColumn<QString>("dialect");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("sqlite")
            << u"sqlite"_s
            << QStringList{
                   u"CREATE TABLE club.membership (user_id BIGINT NOT NULL, group_id BIGINT "
                   u"NOT NULL, role VARCHAR, since DATE, PRIMARY KEY (group_id, user_id))"_s,
                   u"CREATE UNIQUE INDEX club.ix_membership_role_since ON membership (role, "
                   u"since)"_s
               };
    QTest::newRow("postgresql")
            << u"postgresql"_s
            << QStringList{ u"CREATE TABLE club.membership (user_id BIGINT NOT NULL, group_id "
                            u"BIGINT NOT NULL, role VARCHAR, since DATE, PRIMARY KEY (group_id, "
                            u"user_id))"_s,
                            u"CREATE UNIQUE INDEX ix_membership_role_since ON club.membership "
                            u"(role, since)"_s };
    QTest::newRow("mariadb")
            << u"mariadb"_s
            << QStringList{
                   u"CREATE TABLE club.membership (user_id BIGINT NOT NULL, group_id BIGINT "
                   u"NOT NULL, role TEXT, since DATE, PRIMARY KEY (group_id, user_id))"_s,
                   u"CREATE UNIQUE INDEX ix_membership_role_since ON club.membership (role, "
                   u"since)"_s
               };
}

void tst_Mapper::compositeKey()
{
    QFETCH(QString, dialect);
    QFETCH(QStringList, expected);
    Registry registry;
    QVERIFY2(registry.map<Membership>(), qPrintable(registry.lastError().text()));
    const Mapper mapper = registry.mapper<Membership>();
    QCOMPARE(mapper.table().schema(), u"club"_s);
    QCOMPARE(mapper.table().fullName(), u"club.membership"_s);
    // The key keeps qorm.primaryKey's order, not the property order; neither column autoincrements.
    QCOMPARE(propertyNames(mapper.primaryKey()), (QStringList{ u"groupId"_s, u"userId"_s }));
    QCOMPARE(propertyNames(mapper.columnProperties()).first(), u"userId"_s);
    for (const ColumnProperty &property : mapper.primaryKey())
        QCOMPARE(property.flags(), ColumnFlags(ColumnFlag::PrimaryKey));
    QCOMPARE(mapper.table().primaryKey().size(), 2);
    QCOMPARE(mapper.table().primaryKey().first().name(), u"group_id"_s);
    QCOMPARE(ddl(mapper.table(), dialectNamed(dialect)), expected);

    // Marked on the columns instead: property order.
    QVERIFY2(registry.map<Pair>(), qPrintable(registry.lastError().text()));
    const Mapper pair = registry.mapper<Pair>();
    QCOMPARE(propertyNames(pair.primaryKey()), (QStringList{ u"left"_s, u"right"_s }));
    QVERIFY(!pair.columnFor(u"left"_s).isAutoincrement());
    QCOMPARE(ddl(pair.table(), Dialect::sqlite()),
             QStringList{ u"CREATE TABLE pair (\"left\" BIGINT NOT NULL, \"right\" BIGINT NOT "
                          u"NULL, PRIMARY KEY "
                          u"(\"left\", \"right\"))"_s });
}

void tst_Mapper::abstractBaseAndMixin_data()
{
    QTest::addColumn<const QMetaObject *>("metaObject");
    QTest::addColumn<QString>("dialect");
    QTest::addColumn<QString>("expected");

    // Model (abstract base): id
    const QMetaObject *article = &Article::staticMetaObject;
    QTest::newRow("Article sqlite")
            << article << u"sqlite"_s
            << u"CREATE TABLE article (id INTEGER NOT NULL, title VARCHAR(200) NOT NULL, "
               u"PRIMARY KEY (id))"_s;
    QTest::newRow("Article postgresql")
            << article << u"postgresql"_s
            << u"CREATE TABLE article (id BIGSERIAL NOT NULL, title VARCHAR(200) NOT "
               u"NULL, PRIMARY KEY (id))"_s;
    QTest::newRow("Article mariadb")
            << article << u"mariadb"_s
            << u"CREATE TABLE article (id BIGINT NOT NULL AUTO_INCREMENT, title "
               u"VARCHAR(200) NOT NULL, PRIMARY KEY (id))"_s;
    const QMetaObject *tag = &Tag::staticMetaObject;
    QTest::newRow("Tag sqlite")
            << tag << u"sqlite"_s
            << u"CREATE TABLE tag (id INTEGER NOT NULL, label VARCHAR, PRIMARY KEY (id))"_s;

    // TimestampMixin: created_at with a server default, updated_at with a client onupdate
    const QMetaObject *event = &Event::staticMetaObject;
    QTest::newRow("Event sqlite")
            << event << u"sqlite"_s
            << u"CREATE TABLE event (created_at DATETIME DEFAULT (strftime('%Y-%m-%d %H:%M:%f', "
               u"'now')), updated_at "
               u"DATETIME, id INTEGER NOT NULL, \"action\" VARCHAR, PRIMARY KEY (id))"_s;
    QTest::newRow("Event postgresql")
            << event << u"postgresql"_s
            << u"CREATE TABLE event (created_at TIMESTAMP WITH TIME ZONE DEFAULT "
               u"CURRENT_TIMESTAMP, updated_at "
               u"TIMESTAMP WITH TIME ZONE, id BIGSERIAL NOT NULL, \"action\" VARCHAR, PRIMARY KEY (id))"_s;
    QTest::newRow("Event mariadb")
            << event << u"mariadb"_s
            << u"CREATE TABLE event (created_at DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3), "
               u"updated_at DATETIME(3), id BIGINT NOT NULL AUTO_INCREMENT, `action` TEXT, "
               u"PRIMARY KEY (id))"_s;

    // Model -> TimestampedModel -> Note: base columns first; Note renames the base's id
    const QMetaObject *note = &Note::staticMetaObject;
    QTest::newRow("Note sqlite")
            << note << u"sqlite"_s
            << u"CREATE TABLE note (note_id INTEGER NOT NULL, created_at DATETIME DEFAULT "
               u"(strftime('%Y-%m-%d %H:%M:%f', 'now')), updated_at DATETIME, body TEXT NOT NULL, "
               u"PRIMARY KEY "
               u"(note_id))"_s;
    QTest::newRow("Note postgresql")
            << note << u"postgresql"_s
            << u"CREATE TABLE note (note_id BIGSERIAL NOT NULL, created_at TIMESTAMP WITH "
               u"TIME ZONE DEFAULT CURRENT_TIMESTAMP, updated_at TIMESTAMP WITH TIME ZONE, "
               u"body TEXT NOT NULL, PRIMARY KEY (note_id))"_s;
    QTest::newRow("Note mariadb")
            << note << u"mariadb"_s
            << u"CREATE TABLE note (note_id BIGINT NOT NULL AUTO_INCREMENT, created_at "
               u"DATETIME(3) DEFAULT CURRENT_TIMESTAMP(3), updated_at DATETIME(3), body "
               u"LONGTEXT NOT NULL, PRIMARY KEY (note_id))"_s;
}

void tst_Mapper::abstractBaseAndMixin()
{
    QFETCH(const QMetaObject *, metaObject);
    QFETCH(QString, dialect);
    QFETCH(QString, expected);

    Registry registry;
    // Two subclasses of one abstract base each get its columns; the bases are not mapped.
    QVERIFY2(registry.map<Article>() && registry.map<Tag>() && registry.map<Event>()
                     && registry.map<Note>(),
             qPrintable(registry.lastError().text()));
    QVERIFY(!registry.mapper<Model>().isValid());
    QVERIFY(!registry.mapper<TimestampMixin>().isValid());
    QCOMPARE(registry.mappers().size(), 4);

    const Mapper mapper = registry.mapper(*metaObject);
    QCOMPARE(ddl(mapper.table(), dialectNamed(dialect)), QStringList{ expected });
}

void tst_Mapper::reservedWords_data()
{
    QTest::addColumn<QString>("dialect");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("sqlite")
            << u"sqlite"_s
            << QStringList{
                   u"CREATE TABLE \"order\" (id INTEGER NOT NULL, \"user\" BIGINT NOT NULL, "
                   u"\"order\" INTEGER, \"group\" VARCHAR, PRIMARY KEY (id), FOREIGN KEY "
                   u"(\"user\") REFERENCES user_account (id))"_s,
                   u"CREATE INDEX ix_order_order ON \"order\" (\"order\")"_s
               };
    QTest::newRow("postgresql")
            << u"postgresql"_s
            << QStringList{ u"CREATE TABLE \"order\" (id BIGSERIAL NOT NULL, \"user\" BIGINT NOT "
                            u"NULL, \"order\" INTEGER, \"group\" VARCHAR, PRIMARY KEY (id), "
                            u"FOREIGN KEY (\"user\") REFERENCES user_account (id))"_s,
                            u"CREATE INDEX ix_order_order ON \"order\" (\"order\")"_s };
    QTest::newRow("mariadb")
            << u"mariadb"_s
            << QStringList{
                   u"CREATE TABLE `order` (id BIGINT NOT NULL AUTO_INCREMENT, `user` BIGINT "
                   u"NOT NULL, `order` INTEGER, `group` TEXT, PRIMARY KEY (id), FOREIGN KEY "
                   u"(`user`) REFERENCES user_account (id))"_s,
                   u"CREATE INDEX ix_order_order ON `order` (`order`)"_s
               };
}

void tst_Mapper::reservedWords()
{
    QFETCH(QString, dialect);
    QFETCH(QStringList, expected);
    Registry registry;
    QVERIFY2(registry.map<Order>(), qPrintable(registry.lastError().text()));
    const Mapper mapper = registry.mapper<Order>();
    QCOMPARE(mapper.table().fullName(), u"order"_s);
    QCOMPARE(mapper.propertyFor(u"order"_s), u"position"_s);
    QCOMPARE(mapper.columnFor(u"user"_s).name(), u"user"_s);
    QCOMPARE(ddl(mapper.table(), dialectNamed(dialect)), expected);
}

void tst_Mapper::typeMapExtension()
{
    Registry registry;
    const QString message =
            u"Cannot map class Invoice: property \"total\": type Money has no SQL type in the "
            u"registry's TypeMap; add one with "
            u"registry.typeMap().insert(QMetaType::fromType<Money>(), "
            u"...) before map(), give a type= option, or leave the property unmapped with "
            u"\"transient\""_s;
    QTest::ignoreMessage(QtWarningMsg, qPrintable(message));
    QVERIFY(!registry.map<Invoice>());
    QCOMPARE(registry.lastError().text(), message);

    registry.typeMap().insert(QMetaType::fromType<Money>(), SqlType::numeric(12, 2));
    QVERIFY2(registry.map<Invoice>(), qPrintable(registry.lastError().text()));
    const ColumnProperty total = registry.mapper<Invoice>().columnProperty(u"total"_s);
    QCOMPARE(total.sqlType(), SqlType::numeric(12, 2));
    QCOMPARE(
            ddl(registry.mapper<Invoice>().table(), Dialect::postgresql()),
            QStringList{
                    u"CREATE TABLE invoice (id BIGSERIAL NOT NULL, total NUMERIC(12, 2), PRIMARY KEY (id))"_s });

    // A per-dialect variant in the type map reaches the DDL.
    Registry variants;
    variants.typeMap().insert(QMetaType::fromType<Money>(),
                              SqlType::numeric(12, 2).withVariant(
                                      DialectType::PostgreSQL,
                                      SqlType::custom(u"MONEY"_s, QMetaType::fromType<QString>())));
    QVERIFY2(variants.map<Invoice>(), qPrintable(variants.lastError().text()));
    QCOMPARE(
            ddl(variants.mapper<Invoice>().table(), Dialect::postgresql()),
            QStringList{
                    u"CREATE TABLE invoice (id BIGSERIAL NOT NULL, total MONEY, PRIMARY KEY (id))"_s });
    QCOMPARE(
            ddl(variants.mapper<Invoice>().table(), Dialect::sqlite()),
            QStringList{
                    u"CREATE TABLE invoice (id INTEGER NOT NULL, total NUMERIC(12, 2), PRIMARY KEY (id))"_s });
}

void tst_Mapper::imperativeEqualsDeclarative()
{
    Registry declarative;
    QVERIFY2(declarative.map<Product>(), qPrintable(declarative.lastError().text()));
    Registry imperative;
    QVERIFY2(imperative.map<PlainProduct>(plainProductOptions()),
             qPrintable(imperative.lastError().text()));

    const Mapper fromClassInfo = declarative.mapper<Product>();
    const Mapper fromOptions = imperative.mapper<PlainProduct>();
    for (const Dialect &dialect : { Dialect::sqlite(), Dialect::postgresql(), Dialect::mysql() })
        QCOMPARE(ddl(fromOptions.table(), dialect), ddl(fromClassInfo.table(), dialect));
    QCOMPARE(fromOptions.table().comment(), fromClassInfo.table().comment());
    QCOMPARE(fromOptions.columnProperties().size(), fromClassInfo.columnProperties().size());
    for (qsizetype i = 0; i < fromClassInfo.columnProperties().size(); ++i) {
        const ColumnProperty declared = fromClassInfo.columnProperties().at(i);
        const ColumnProperty given = fromOptions.columnProperties().at(i);
        // Only the enum types differ (Product::Status and PlainProduct::Status).
        if (declared.sqlType().kind() == SqlType::Enum)
            QCOMPARE(given.sqlType().enumKeys(), declared.sqlType().enumKeys());
        else
            QCOMPARE(given.sqlType(), declared.sqlType());
        const QString expected = describe(declared).replace(u"Product::"_s, u"PlainProduct::"_s);
        QCOMPARE(describe(given), expected);
    }
    QCOMPARE(fromOptions.unmappedProperties(), fromClassInfo.unmappedProperties());
    QCOMPARE(propertyNames(fromOptions.primaryKey()), propertyNames(fromClassInfo.primaryKey()));
    QCOMPARE(fromOptions.versionProperty().propertyName(),
             fromClassInfo.versionProperty().propertyName());
}

void tst_Mapper::optionsOverClassInfo()
{
    // Options given to map() win over the class info: the table name, and one property's
    // column options as a whole; the rest of the class info still applies.
    Registry registry;
    MapperOptions options;
    options.table = u"people"_s;
    options.columns = { { u"name"_s, { .column = u"full_name"_s, .nullable = false } } };
    options.indexes = { { u"ix_people_email_name"_s, { u"email"_s, u"name"_s }, Index::Unique } };
    QVERIFY2(registry.map<User>(options), qPrintable(registry.lastError().text()));
    const Mapper mapper = registry.mapper<User>();
    QCOMPARE(tableNames(registry.metadata()), QStringList{ u"people"_s });
    QCOMPARE(ddl(mapper.table(), Dialect::sqlite()),
             (QStringList{
                     u"CREATE TABLE people (id INTEGER NOT NULL, full_name VARCHAR NOT NULL, email "
                     u"VARCHAR(320) "
                     u"NOT NULL, PRIMARY KEY (id), UNIQUE (email))"_s,
                     u"CREATE UNIQUE INDEX ix_people_email_name ON people (email, full_name)"_s }));
    QCOMPARE(mapper.relationshipDeclarations().size(), 1);
}

void tst_Mapper::errors_data()
{
    QTest::addColumn<const QMetaObject *>("metaObject");
    QTest::addColumn<QString>("message");

    QTest::newRow("no primary key")
            << &NoPrimaryKey::staticMetaObject
            << u"Cannot map class NoPrimaryKey: no primary key (is it \"id\"? "
               u"Q_CLASSINFO(\"qorm.column.id\", "
               u"\"primaryKey\")); mark a property with Q_CLASSINFO(\"qorm.column.<property>\", "
               u"\"primaryKey\") or "
               u"list the key's properties in Q_CLASSINFO(\"qorm.primaryKey\", \"a, b\")"_s;
    QTest::newRow("option typo")
            << &OptionTypo::staticMetaObject
            << u"Cannot map class OptionTypo: property \"id\": unknown option \"primaryKy\" in "
               u"Q_CLASSINFO(\"qorm.column.id\") (did you mean \"primaryKey\"?)"_s;
    QTest::newRow("no NOTIFY")
            << &NoNotify::staticMetaObject
            << u"Cannot map class NoNotify: property \"title\" has no NOTIFY signal; Qorm tracks "
               u"changes to column "
               u"properties through their NOTIFY signal, so add one (NOTIFY titleChanged), or "
               u"leave the property "
               u"unmapped with Q_CLASSINFO(\"qorm.column.title\", \"transient\")"_s;
    QTest::newRow("unmappable type")
            << &UnknownType::staticMetaObject
            << u"Cannot map class UnknownType: property \"price\": type Money has no SQL type in "
               u"the registry's "
               u"TypeMap; add one with registry.typeMap().insert(QMetaType::fromType<Money>(), "
               u"...) before map(), give "
               u"a type= option, or leave the property unmapped with \"transient\""_s;
    QTest::newRow("duplicate table") << &SecondUserTable::staticMetaObject
                                     << u"Cannot map class SecondUserTable: table \"user_account\" "
                                        u"is in the registry's MetaData already (the "
                                        u"table of class User)"_s;
    QTest::newRow("mapped twice")
            << &User::staticMetaObject
            << u"Cannot map class User: it is mapped already (to table \"user_account\")"_s;
    QTest::newRow("malformed length")
            << &BadLength::staticMetaObject
            << u"Cannot map class BadLength: property \"name\": length must be a positive integer, not \"abc\""_s;
    QTest::newRow("foreign key without column")
            << &BadForeignKey::staticMetaObject
            << u"Cannot map class BadForeignKey: property \"userId\": foreignKey must name "
               u"table.column (or "
               u"schema.table.column), not \"user_account\""_s;
    QTest::newRow("text version") << &TextVersion::staticMetaObject
                                  << u"Cannot map class TextVersion: property \"revision\": a "
                                     u"version column counts updates and must be an "
                                     u"integer, not QString"_s;
    QTest::newRow("exclude typo") << &BadExclude::staticMetaObject
                                  << u"Cannot map class BadExclude: property \"nmae\" named in "
                                     u"Q_CLASSINFO(\"qorm.exclude\") does not exist "
                                     u"(did you mean \"name\"?)"_s;
    QTest::newRow("class info typo")
            << &ClassInfoTypo::staticMetaObject
            << u"Cannot map class ClassInfoTypo: unknown class info \"qorm.colum.id\" (did you "
               u"mean "
               u"\"qorm.column.id\"?); Qorm reads qorm.table, qorm.schema, qorm.comment, "
               u"qorm.primaryKey, qorm.exclude, qorm.display, qorm.column.<property>, "
               u"qorm.relationship.<property>, qorm.label.<property> and qorm.index.<name>"_s;
    QTest::newRow("display of unknown property")
            << &DisplayTypo::staticMetaObject
            << u"Cannot map class DisplayTypo: property \"titel\" named in "
               u"Q_CLASSINFO(\"qorm.display\") does not exist (did you mean \"title\"?)"_s;
    QTest::newRow("label of unknown property")
            << &LabelTypo::staticMetaObject
            << u"Cannot map class LabelTypo: property \"titel\" named in "
               u"Q_CLASSINFO(\"qorm.label.titel\") does not exist (did you mean \"title\"?)"_s;
    QTest::newRow("column of unknown property")
            << &UnknownColumnProperty::staticMetaObject
            << u"Cannot map class UnknownColumnProperty: property \"nmae\" named in "
               u"Q_CLASSINFO(\"qorm.column.nmae\") "
               u"does not exist (did you mean \"name\"?)"_s;
    QTest::newRow("relationship of unknown property")
            << &UnknownRelationshipProperty::staticMetaObject
            << u"Cannot map class UnknownRelationshipProperty: property \"adresses\" named in "
               u"Q_CLASSINFO(\"qorm.relationship.adresses\") does not exist"_s;
    QTest::newRow("flag with a value") << &FlagWithValue::staticMetaObject
                                       << u"Cannot map class FlagWithValue: property \"id\": "
                                          u"option \"primaryKey\" takes no value (write "
                                          u"\"primaryKey\", not \"primaryKey=yes\")"_s;
    QTest::newRow("malformed default")
            << &BadDefault::staticMetaObject
            << u"Cannot map class BadDefault: property \"count\": default: \"many\" is not a valid int"_s;
    QTest::newRow("length on an integer")
            << &LengthOnInteger::staticMetaObject
            << u"Cannot map class LengthOnInteger: property \"id\": length applies to string "
               u"columns, and a "
               u"qlonglong property is not one (use type=string with a length for a string column)"_s;
    QTest::newRow("duplicate column") << &DuplicateColumn::staticMetaObject
                                      << u"Cannot map class DuplicateColumn: property \"title\": "
                                         u"column \"name\" is the column of property "
                                         u"\"name\" already"_s;
    QTest::newRow("unknown type name") << &UnknownType2::staticMetaObject
                                       << u"Cannot map class UnknownType2: property \"id\": "
                                          u"unknown type \"bigint\" (did you mean "
                                          u"\"bigInteger\"?); the types are string, text, integer, "
                                          u"bigInteger, smallInteger, boolean, double, "
                                          u"numeric, date, time, dateTime, uuid, json, binary"_s;
    QTest::newRow("no table") << &NoTable::staticMetaObject
                              << u"Cannot map class NoTable: no table name; add "
                                 u"Q_CLASSINFO(\"qorm.table\", \"<name>\") to the class "
                                 u"or pass MapperOptions::table"_s;
    QTest::newRow("subclass of a mapped class")
            << &AdminUser::staticMetaObject
            << u"Cannot map class AdminUser: it has no qorm.table of its own, only the one of its "
               u"base class User; a "
               u"subclass cannot share its base class's table (no table inheritance yet), so give "
               u"AdminUser its "
               u"own Q_CLASSINFO(\"qorm.table\", ...)"_s;
    QTest::newRow("nullable primary key")
            << &NullablePrimaryKey::staticMetaObject
            << u"Cannot map class NullablePrimaryKey: property \"id\": a primary key column cannot be nullable"_s;
    QTest::newRow("not a QObject") << &Gadget::staticMetaObject
                                   << u"Cannot map class Gadget: it does not derive from QObject "
                                      u"(a mapped class is a QObject subclass "
                                      u"with Q_OBJECT)"_s;
}

void tst_Mapper::errors()
{
    QFETCH(const QMetaObject *, metaObject);
    QFETCH(QString, message);

    Registry registry;
    QVERIFY(registry.map<User>());
    QVERIFY(registry.map<Product>());
    const QList<Mapper> mappersBefore = registry.mappers();
    const QStringList tablesBefore = tableNames(registry.metadata());

    QTest::ignoreMessage(QtWarningMsg, qPrintable(message)); // logged on qorm.mapping
    QVERIFY(!registry.map(*metaObject));
    const Error error = registry.lastError();
    QCOMPARE(error.type(), Error::MappingError);
    QCOMPARE(error.text(), message);
    QVERIFY(error.text().contains(QString::fromUtf8(metaObject->className())));

    // Nothing half-registered: the same mappers, the same tables.
    QCOMPARE(registry.mappers(), mappersBefore);
    QCOMPARE(tableNames(registry.metadata()), tablesBefore);
    if (metaObject != &User::staticMetaObject)
        QVERIFY(!registry.mapper(*metaObject).isValid());
    QCOMPARE(registry.metadata().table(u"user_account"_s).columns().size(), 3);
}

void tst_Mapper::imperativeErrors_data()
{
    QTest::addColumn<MapperOptions>("options");
    QTest::addColumn<QString>("message");

    MapperOptions unknownColumn;
    unknownColumn.columns = { { u"nmae"_s, { .length = 10 } } };
    QTest::newRow("options for an unknown property")
            << unknownColumn
            << u"Cannot map class User: property \"nmae\" named in MapperOptions::columns does not "
               u"exist (did you mean "
               u"\"name\"?)"_s;
    MapperOptions unknownExclude;
    unknownExclude.exclude = { u"emial"_s };
    QTest::newRow("exclude of an unknown property")
            << unknownExclude
            << u"Cannot map class User: property \"emial\" named in MapperOptions::exclude does "
               u"not exist (did you "
               u"mean \"email\"?)"_s;
    MapperOptions excludedKey;
    excludedKey.exclude = { u"id"_s };
    QTest::newRow("excluded key")
            << excludedKey
            << u"Cannot map class User: property \"id\" is excluded (transient) and has column "
               u"options too"_s;
    MapperOptions constantColumn;
    constantColumn.relationships = {};
    constantColumn.columns = { { u"displayName"_s, { .length = 10 } } };
    QTest::newRow("read-only column")
            << constantColumn
            << u"Cannot map class User: property \"displayName\" is read-only (no WRITE or "
               u"MEMBER), so it cannot be a column; remove its column options or make it a "
               u"writable property with a NOTIFY signal"_s;
    MapperOptions badKey;
    badKey.primaryKey = { u"id"_s, u"addresses"_s };
    QTest::newRow("key with a relationship")
            << badKey
            << u"Cannot map class User: property \"addresses\" is in the primary key but is not a column"_s;
    MapperOptions keyMismatch;
    keyMismatch.primaryKey = { u"email"_s };
    QTest::newRow("key other than the marked one")
            << keyMismatch
            << u"Cannot map class User: property \"id\" is marked primaryKey but the class's "
               u"primary key is "
               u"(email)"_s;
    MapperOptions badIndex;
    badIndex.indexes = { { u"ix_user"_s, { u"nmae"_s } } };
    QTest::newRow("index of an unknown property")
            << badIndex
            << u"Cannot map class User: property \"nmae\" named in index \"ix_user\" is not a "
               u"column (did you mean "
               u"\"name\"?); index \"ix_user\" has no column"_s;
    MapperOptions twoVersions;
    twoVersions.columns = { { u"id"_s, { .primaryKey = true, .version = true } },
                            { u"name"_s, { .type = SqlType::integer(), .version = true } } };
    QTest::newRow("two version columns")
            << twoVersions
            << u"Cannot map class User: property \"name\": the class has a version column already (\"id\")"_s;
}

void tst_Mapper::imperativeErrors()
{
    QFETCH(MapperOptions, options);
    QFETCH(QString, message);
    Registry registry;
    QTest::ignoreMessage(QtWarningMsg, qPrintable(message));
    QVERIFY(!registry.map<User>(options));
    QCOMPARE(registry.lastError().text(), message);
    QVERIFY(registry.mappers().isEmpty());
    QVERIFY(registry.metadata().tables().isEmpty());
}

// qorm.display and qorm.label.<property> are for the views: mapping accepts them, and the
// columns are as without them.
void tst_Mapper::displayAndLabels()
{
    Registry registry;
    QVERIFY2(registry.map<Labelled>(), qPrintable(registry.lastError().text()));
    const Mapper mapper = registry.mapper<Labelled>();
    QCOMPARE(mapper.table().columnNames(), (QStringList{ u"id"_s, u"code"_s, u"title"_s }));
}

void tst_Mapper::lastErrorClearedBySuccess()
{
    Registry registry;
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"^Cannot map class NoTable"_s));
    QVERIFY(!registry.map<NoTable>());
    QVERIFY(registry.lastError().isValid());
    // The same class, given the table name it lacked.
    MapperOptions options;
    options.table = u"no_table"_s;
    QVERIFY(registry.map<NoTable>(options));
    QVERIFY(!registry.lastError().isValid());
    QCOMPARE(registry.mapper<NoTable>().table().fullName(), u"no_table"_s);
}

void tst_Mapper::createAllAndInsert_data()
{
    Test::addDatabaseColumn();
}

void tst_Mapper::createAllAndInsert()
{
    QFETCH(QString, database);
    QORM_CONNECT_CLEAN(db, database);

    Registry registry;
    for (const QMetaObject *metaObject :
         { &Order::staticMetaObject, &Product::staticMetaObject, &User::staticMetaObject,
           &Article::staticMetaObject, &Event::staticMetaObject, &Note::staticMetaObject })
        QVERIFY2(registry.map(*metaObject), qPrintable(registry.lastError().text()));
    // In foreign-key order, whatever the mapping order.
    QVERIFY2(registry.metadata().createAll(db), qPrintable(Test::describe(db.lastError())));

    const Table users = registry.mapper<User>().table();
    QORM_VERIFY_RESULT(db.execute(insert(users).values(
            { { u"name"_s, u"Alice"_s }, { u"email"_s, u"alice@example.org"_s } })));
    const QVariant aliceId =
            db.execute(select({ users[u"id"_s] }).where(users[u"name"_s] == u"Alice"_s)).scalar();
    QVERIFY(aliceId.isValid());

    // Client defaults (status, visible, label, changed_at) and server defaults (price, added_at).
    const Mapper products = registry.mapper<Product>();
    const Table product = products.table();
    QORM_VERIFY_RESULT(db.execute(insert(product).values({ { u"id"_s, 7 },
                                                           { u"product_code"_s, u"P-7"_s },
                                                           { u"owner_id"_s, aliceId },
                                                           { u"revision"_s, 1 } })));
    Result result = db.execute(select(product).where(products.columnFor(u"id"_s) == 7));
    const Row row = result.one();
    QVERIFY2(row.isValid(), qPrintable(Test::describe(result.error())));
    QCOMPARE(row.value(u"status"_s), QVariant::fromValue(Product::Active));
    QCOMPARE(row.value(u"visible"_s).toBool(), true);
    QCOMPARE(row.value(u"label"_s).toString(), u"a; b"_s);
    QCOMPARE(row.value(u"price"_s).toDouble(), 0.0);
    QVERIFY(row.value(u"added_at"_s).toDateTime().isValid());
    const QDateTime insertedChange = row.value(u"changed_at"_s).toDateTime();
    QVERIFY(insertedChange.isValid());
    QVERIFY(row.isNull(row.names().indexOf(u"rating"_s)));

    // onUpdate=now: an UPDATE that does not set changed_at sets it.
    QTest::qWait(5);
    QORM_VERIFY_RESULT(db.execute(update(product)
                                          .set(u"description"_s, u"new"_s)
                                          .where(products.columnFor(u"id"_s) == 7)));
    const QDateTime updatedChange = db.execute(select({ products.columnFor(u"changedAt"_s) })
                                                       .where(products.columnFor(u"id"_s) == 7))
                                            .scalar()
                                            .toDateTime();
    QVERIFY2(updatedChange > insertedChange, qPrintable(updatedChange.toString(Qt::ISODateWithMs)));

    // The reserved words work as identifiers, and the foreign key holds.
    const Mapper orders = registry.mapper<Order>();
    QORM_VERIFY_RESULT(db.execute(
            insert(orders.table()).values({ { u"user"_s, aliceId }, { u"order"_s, 1 } })));
    QCOMPARE(db.execute(select({ orders.columnFor(u"group"_s) })).scalar().toString(), u"select"_s);
    const Result orphan =
            db.execute(insert(orders.table()).values({ { u"user"_s, 4242 }, { u"order"_s, 2 } }));
    QVERIFY(!orphan.isValid());
    QCOMPARE(orphan.error().type(), Error::IntegrityError);

    // The mixin's server default fills created_at.
    const Table event = registry.mapper<Event>().table();
    QORM_VERIFY_RESULT(db.execute(insert(event).values({ { u"action"_s, u"login"_s } })));
    QVERIFY(db.execute(select({ event[u"created_at"_s] })).scalar().toDateTime().isValid());

    QVERIFY2(registry.metadata().dropAll(db), qPrintable(Test::describe(db.lastError())));
}

QTEST_GUILESS_MAIN(tst_Mapper)
#include "tst_mapper.moc"
