// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include "models.h"

// Each class here has one mistake that map() must report.

class NoPrimaryKey : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "no_primary_key")
    FIELD(qint64, id)
    FIELD(QString, name)
};

class OptionTypo : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "option_typo")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKy")
};

class NoNotify : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "no_notify")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    Q_PROPERTY(QString title MEMBER m_title)
public:
    QString m_title;
};

class UnknownType : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "unknown_type")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(Money, price)
};

class SecondUserTable : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "user_account")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
};

class BadLength : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "bad_length")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.name", "length=abc")
};

class BadForeignKey : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "bad_foreign_key")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(qint64, userId)
    Q_CLASSINFO("qorm.column.userId", "foreignKey=user_account")
};

class TextVersion : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "text_version")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, revision)
    Q_CLASSINFO("qorm.column.revision", "version")
};

class BadExclude : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "bad_exclude")
    Q_CLASSINFO("qorm.exclude", "nmae")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
};

class ClassInfoTypo : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "class_info_typo")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.colum.id", "primaryKey")
};

// The list models' display property and the table adapter's header texts: mapped classes
// may declare them, naming properties they have.
class DisplayTypo : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "display_typo")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, title)
    Q_CLASSINFO("qorm.display", "titel")
};

class LabelTypo : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "label_typo")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, title)
    Q_CLASSINFO("qorm.display", "title")
    Q_CLASSINFO("qorm.label.id", "Number")
    Q_CLASSINFO("qorm.label.titel", "Title")
};

class UnknownColumnProperty : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "unknown_column_property")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    Q_CLASSINFO("qorm.column.nmae", "length=10")
};

class UnknownRelationshipProperty : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "unknown_relationship_property")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    Q_CLASSINFO("qorm.relationship.adresses", "Address")
};

class FlagWithValue : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "flag_with_value")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey=yes")
};

class BadDefault : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "bad_default")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(int, count)
    Q_CLASSINFO("qorm.column.count", "default=many")
};

class LengthOnInteger : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "length_on_integer")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey; length=10")
};

class DuplicateColumn : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "duplicate_column")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
    FIELD(QString, name)
    FIELD(QString, title)
    Q_CLASSINFO("qorm.column.title", "column=name")
};

class UnknownType2 : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "unknown_type_name")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey; type=bigint")
};

class NoTable : public QObject
{
    Q_OBJECT
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey")
};

// Mapping a subclass of a mapped class to the same table is not supported.
class AdminUser : public User
{
    Q_OBJECT
    FIELD(int, level)
};

class NullablePrimaryKey : public QObject
{
    Q_OBJECT
    Q_CLASSINFO("qorm.table", "nullable_primary_key")
    FIELD(qint64, id)
    Q_CLASSINFO("qorm.column.id", "primaryKey; nullable")
};

class Gadget
{
    Q_GADGET
    Q_PROPERTY(int id MEMBER m_id)
public:
    int m_id = 0;
};
