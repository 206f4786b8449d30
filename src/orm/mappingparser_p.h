// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  This file is not part of the Qorm API. It may change without notice.
#pragma once

#include <Qorm/orm/mapper.h>
#include <Qorm/sql/types.h>

#include <QtCore/QMetaProperty>
#include <QtCore/QString>
#include <QtCore/QStringList>

namespace Qorm::Detail {

// The candidate closest to a misspelled word (case first, then edit distance),
// or an empty string when none is close enough to be a likely typo.
QString closestMatch(const QString &word, const QStringList &candidates);
// " (did you mean "x"?)" for closestMatch(), or an empty string.
QString suggestion(const QString &word, const QStringList &candidates);

// One "key" or "key=value" of a declaration text.
struct Option
{
    QString key;
    QString value;
    bool hasValue = false;
    bool quoted = false;
};
// Splits "a; b=1; c='x; y'" at the semicolons outside single quotes ('' is a quote inside quotes).
bool splitOptions(const QString &text, QList<Option> *options, QString *problem);
// "a, b ,c" -> {"a", "b", "c"}, empty parts dropped.
QStringList splitList(const QString &text);

// The properties a mapping may use: those of the class and its bases, QObject's own excluded.
QMetaProperty mappableProperty(const QMetaObject &metaObject, const QString &name);
QStringList mappablePropertyNames(const QMetaObject &metaObject);
// The class in the chain that declares property `index`.
const QMetaObject *declaringClass(const QMetaObject &metaObject, int propertyIndex);
// A C++ type name for messages ("QString", "QList<int>").
QString typeName(QMetaType type);

/*
    Reads a class's Q_CLASSINFO entries ("qorm.table", "qorm.column.<property>",
    ...) into the MapperOptions the imperative API takes. A subclass's entry
    wins over a base class's entry of the same name; qorm.exclude is the union
    of all levels. Problems are collected, each naming its property.
*/
class MappingParser
{
public:
    MappingParser(const QMetaObject &metaObject, const TypeMap &typeMap);

    [[nodiscard]] MapperOptions options() const { return m_options; }
    [[nodiscard]] QStringList problems() const { return m_problems; }
    // Set when qorm.table comes only from a base class: that base.
    [[nodiscard]] const QMetaObject *tableInheritedFrom() const { return m_tableInheritedFrom; }

private:
    void parseClassInfo(const QString &key, const QString &value, const QMetaObject *declaredBy);
    void parseColumn(const QString &property, const QString &text);
    void parseIndex(const QString &name, const QString &text);
    bool checkProperty(const QString &property, const QString &key);

    const QMetaObject &m_metaObject;
    const TypeMap &m_typeMap;
    MapperOptions m_options;
    QStringList m_problems;
    const QMetaObject *m_tableInheritedFrom = nullptr;
};

} // namespace Qorm::Detail
