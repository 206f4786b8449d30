// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/core/error.h>

#include <QtCore/QExplicitlySharedDataPointer>
#include <QtCore/QStringList>
#include <QtCore/QVariant>

#include <memory>
#include <optional>
#include <tuple>
#include <utility>

namespace Qorm {

class RowPrivate;
class ResultPrivate;

/*
    One result row. Values are already converted to the C++ types of the
    columns when the statement knew them (a DateTime column gives a UTC QDateTime).
*/
class QORM_EXPORT Row
{
public:
    Row() noexcept;
    Row(const QStringList &names, const QVariantList &values);
    Row(const Row &other) noexcept;
    Row(Row &&other) noexcept;
    Row &operator=(const Row &other) noexcept;
    Row &operator=(Row &&other) noexcept
    {
        d.swap(other.d);
        return *this;
    }
    ~Row();

    [[nodiscard]] bool isValid() const noexcept;
    [[nodiscard]] int count() const noexcept;
    [[nodiscard]] QStringList names() const;
    [[nodiscard]] QVariantList values() const;
    [[nodiscard]] QVariant value(int index) const;
    [[nodiscard]] QVariant value(const QString &name) const; // invalid QVariant for an unknown name
    [[nodiscard]] bool isNull(int index) const;
    [[nodiscard]] QVariantMap toMap() const;

    //! Column \a index converted with QVariant::value<T>(); T() when out of range.
    template<typename T>
    [[nodiscard]] T value(int index) const
    {
        return value(index).template value<T>();
    }
    //! The column named \a name converted with QVariant::value<T>(); T() for an unknown name.
    template<typename T>
    [[nodiscard]] T value(const QString &name) const
    {
        return value(name).template value<T>();
    }
    //! The row's values as C++ types, by position: row.tuple<QString, qint64>().
    template<typename... Ts>
    [[nodiscard]] std::tuple<Ts...> tuple() const
    {
        return tupleOf<Ts...>(std::index_sequence_for<Ts...>());
    }

private:
    template<typename... Ts, size_t... I>
    std::tuple<Ts...> tupleOf(std::index_sequence<I...>) const
    {
        return std::tuple<Ts...>(value(int(I)).template value<Ts>()...);
    }

public:
private:
    QExplicitlySharedDataPointer<RowPrivate> d;
};

/*
    The rows of one executed statement, read forward only. The cursor is
    released when the last row has been read, on close(), or when the last
    copy of the Result goes away; keep Results short-lived on SQLite, where an
    open cursor holds a read lock.
*/
class QORM_EXPORT Result
{
public:
    Result() noexcept;
    Result(const Result &other) noexcept;
    Result(Result &&other) noexcept;
    Result &operator=(const Result &other) noexcept;
    Result &operator=(Result &&other) noexcept;
    ~Result();

    // False if the statement failed; error() then says why.
    [[nodiscard]] bool isValid() const noexcept;
    [[nodiscard]] Error error() const;
    [[nodiscard]] bool returnsRows() const;
    [[nodiscard]] QStringList columnNames() const;

    // Moves to the next row; false at the end (the cursor is then released).
    bool next();
    [[nodiscard]] Row row() const;
    [[nodiscard]] QVariant value(int index) const;
    [[nodiscard]] QVariant value(const QString &name) const;

    // Reads all remaining rows.
    [[nodiscard]] QList<Row> all();
    //! Reads all remaining rows as C++ values, by position: tuples<QString, qint64>(). When the
    //! rows have another number of columns, nothing is returned and error() says so.
    template<typename... Ts>
    [[nodiscard]] QList<std::tuple<Ts...>> tuples()
    {
        QList<std::tuple<Ts...>> rows;
        if (!checkWidth(int(sizeof...(Ts))))
            return rows;
        for (const Row &row : all())
            rows.append(row.template tuple<Ts...>());
        return rows;
    }
    // The first value of the first row (or an invalid QVariant); releases the cursor.
    [[nodiscard]] QVariant scalar();
    // The first row, if any; releases the cursor.
    [[nodiscard]] std::optional<Row> first();
    // Exactly one row; otherwise an invalid Row and error() says "no rows" or "several rows".
    [[nodiscard]] Row one();

    // Rows matched by an UPDATE or DELETE (also on MySQL/MariaDB, where Qorm asks for found rows).
    [[nodiscard]] int numRowsAffected() const;
    // The driver's last insert id. Not reliable on PostgreSQL (Qt runs SELECT lastval());
    // prefer RETURNING there.
    [[nodiscard]] QVariant lastInsertId() const;
    void close();

    // Internal
    explicit Result(std::shared_ptr<ResultPrivate> d) noexcept;
    // False (error() set) when the rows have another number of columns than `width`.
    bool checkWidth(int width);
    //! For Qorm's own use: the private result.
    [[nodiscard]] ResultPrivate *implementation() const noexcept { return d.get(); }

private:
    std::shared_ptr<ResultPrivate> d;
};

} // namespace Qorm
