// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/qormglobal.h>

#include <QtCore/QExplicitlySharedDataPointer>
#include <QtCore/QMetaType>
#include <QtCore/QObject>
#include <QtCore/QString>
#include <QtCore/QVariant>
#include <QtSql/QSqlError>

namespace Qorm {

class ErrorPrivate;

class QORM_EXPORT Error
{
    Q_GADGET
    Q_PROPERTY(Type type READ type CONSTANT)
    Q_PROPERTY(QString text READ text CONSTANT)
    Q_PROPERTY(QString nativeErrorCode READ nativeErrorCode CONSTANT)
    Q_PROPERTY(QString statement READ statement CONSTANT)
    Q_PROPERTY(bool valid READ isValid CONSTANT)
public:
    enum Type {
        NoError,                 ///< no error; isValid() is false
        ConnectionError,         ///< server unreachable, connection lost, driver missing
        StatementError,          ///< the database rejected a statement (syntax, unknown table, ...)
        IntegrityError,          ///< unique, foreign key, not-null or check constraint violated
        TransactionError,        ///< begin/commit/rollback/savepoint failed or misused
        StaleDataError,          ///< an UPDATE/DELETE matched fewer rows than expected
        MappingError,            ///< bad model metadata
        DetachedInstanceError,   ///< an operation needs a session the object is not in
        UnsupportedFeatureError, ///< the dialect cannot express the statement
        InvalidRequestError, ///< misuse of the API: unknown column, bad argument, closed connection
        ThreadAffinityError, ///< used from a thread that does not own the object
    };
    Q_ENUM(Type)

    Error() noexcept;
    Error(Type type, const QString &text);
    Error(Type type, const QString &text, const QSqlError &sqlError, const QString &statement = {},
          const QVariantList &boundValues = {});
    //! @{
    //! Error is implicitly shared and immutable: copies are cheap.
    Error(const Error &other) noexcept;
    Error(Error &&other) noexcept;
    Error &operator=(const Error &other) noexcept;
    Error &operator=(Error &&other) noexcept
    {
        d.swap(other.d);
        return *this;
    }
    //! @}
    ~Error();
    //! Swaps this error with \a other; never fails.
    void swap(Error &other) noexcept { d.swap(other.d); }

    [[nodiscard]] bool isValid() const noexcept;
    //! The kind of failure; NoError for a default-constructed Error.
    [[nodiscard]] Type type() const noexcept;
    [[nodiscard]] QString text() const;
    //! The driver's error; invalid when the error did not come from the database.
    [[nodiscard]] QSqlError sqlError() const;
    [[nodiscard]] QString nativeErrorCode() const;
    //! The SQL that failed, when the layer that raised the error knew it.
    [[nodiscard]] QString statement() const;
    //! The values bound to statement(), in order.
    [[nodiscard]] QVariantList boundValues() const;
    [[nodiscard]] QString typeName() const;

    // Returns a copy that names the statement and values that failed.
    [[nodiscard]] Error withStatement(const QString &statement,
                                      const QVariantList &boundValues) const;

    // Maps a driver error to a Qorm error type by its native code (SQLite extended
    // result codes, PostgreSQL SQLSTATE, MySQL errno), never by QSqlError::type().
    [[nodiscard]] static Error fromSqlError(const QSqlError &sqlError, DialectType dialect,
                                            const QString &statement = {},
                                            const QVariantList &boundValues = {});

    bool operator==(const Error &other) const noexcept;
    //! The negation of operator==().
    bool operator!=(const Error &other) const noexcept { return !(*this == other); }

private:
    QExplicitlySharedDataPointer<ErrorPrivate> d;
};

QORM_EXPORT QDebug operator<<(QDebug debug, const Error &error);

} // namespace Qorm

Q_DECLARE_SHARED(Qorm::Error)
