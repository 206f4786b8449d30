// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#include "qmlmodels.h"

#include <Qorm/Error>
#include <Qorm/QmlRegistry>
#include <Qorm/Registry>

#include <QtQml/QQmlComponent>
#include <QtQml/QQmlEngine>
#include <QtTest/QtTest>

#include <memory>

using namespace Qt::StringLiterals;

/*
    Which Registry a QML Database maps with: the one setQmlRegistry() named for its engine, else
    the only one alive, else none (an error that says what to do).
*/
class tst_QmlRegistry : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void liveRegistries();
    void choice();

private:
    // A Database created in `engine`; its error text, empty when it opened.
    static QString open(QQmlEngine *engine, bool *opened);
};

void tst_QmlRegistry::liveRegistries()
{
    const qsizetype before = Qorm::Registry::all().size();
    auto first = std::make_unique<Qorm::Registry>();
    auto second = std::make_unique<Qorm::Registry>();
    QList<const Qorm::Registry *> all = Qorm::Registry::all();
    QCOMPARE(all.size(), before + 2);
    QCOMPARE(all.at(before), first.get()); // oldest first
    QCOMPARE(all.at(before + 1), second.get());
    first.reset();
    all = Qorm::Registry::all();
    QCOMPARE(all.size(), before + 1);
    QCOMPARE(all.last(), second.get());
}

QString tst_QmlRegistry::open(QQmlEngine *engine, bool *opened)
{
    QQmlComponent component(engine);
    component.setData("import Qorm\nDatabase { driver: \"QSQLITE\"; databaseName: \":memory:\" }",
                      QUrl());
    std::unique_ptr<QObject> database(component.create());
    if (!database) {
        *opened = false;
        return component.errorString();
    }
    *opened = database->property("isOpen").toBool();
    const auto error = database->property("lastError").value<Qorm::Error>();
    if (*opened && error.isValid())
        return u"open, with an error: "_s + error.text();
    if (!*opened && error.type() != Qorm::Error::MappingError)
        return u"not a mapping error: "_s + error.text();
    return error.text();
}

void tst_QmlRegistry::choice()
{
    QQmlEngine engine;
    engine.addImportPath(QStringLiteral(QORM_QML_IMPORT_DIR));
    bool opened = false;
    QVERIFY(Qorm::Registry::all().isEmpty());
    QString text = open(&engine, &opened);
    QVERIFY(!opened);
    QVERIFY2(text.contains(u"no Qorm::Registry exists"_s), qPrintable(text));

    Qorm::Registry only;
    QVERIFY(only.map<Artist>() && only.map<Album>());
    text = open(&engine, &opened);
    QVERIFY2(opened, qPrintable(text)); // the only one

    Qorm::Registry other;
    text = open(&engine, &opened);
    QVERIFY(!opened);
    QVERIFY2(text.contains(u"2 Qorm::Registry objects exist"_s)
                     && text.contains(u"setQmlRegistry"_s),
             qPrintable(text));

    Qorm::setQmlRegistry(&engine, &only);
    text = open(&engine, &opened);
    QVERIFY2(opened, qPrintable(text));
    QCOMPARE(Qorm::qmlRegistry(&engine), &only);
    QQmlEngine another; // the choice is per engine
    QCOMPARE(Qorm::qmlRegistry(&another), nullptr);
}

QTEST_MAIN(tst_QmlRegistry)
#include "tst_qmlregistry.moc"
