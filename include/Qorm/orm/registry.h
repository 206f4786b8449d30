// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/core/error.h>
#include <Qorm/orm/mapper.h>
#include <Qorm/sql/schema.h>
#include <Qorm/sql/types.h>

#include <QtCore/QList>
#include <QtCore/QObject>

#include <memory>
#include <type_traits>

namespace Qorm {

class RegistryPrivate;

/*
    The set of mapped classes: their Mappers, the MetaData holding their
    tables, and the TypeMap that turns property types into SQL types.
    Map every class before sessions use the registry; after that it is only
    read, from any thread.
*/
class QORM_EXPORT Registry
{
public:
    Registry();
    ~Registry();
    Q_DISABLE_COPY_MOVE(Registry)

    // Every Registry alive in the process, oldest first. The QML module's Database uses the
    // only one when the application did not name one with setQmlRegistry().
    [[nodiscard]] static QList<const Registry *> all();

    // Maps a QObject class: its Q_CLASSINFO, then `options` on top. False (nothing
    // registered, the reason in lastError()) when the mapping is wrong.
    [[nodiscard]] bool map(const QMetaObject &metaObject, const MapperOptions &options = {});
    template<typename T>
    [[nodiscard]] bool map(const MapperOptions &options = {})
    {
        static_assert(std::is_base_of_v<QObject, T>,
                      "Qorm::Registry::map<T>(): T must derive from QObject; a mapped class is a "
                      "QObject subclass whose Q_PROPERTYs are its columns");
        if constexpr (std::is_base_of_v<QObject, T>) {
            static_assert(QtPrivate::HasQ_OBJECT_Macro<T>::Value,
                          "Qorm::Registry::map<T>(): T lacks the Q_OBJECT macro, so moc made no "
                          "metaobject for it and its Q_PROPERTYs and Q_CLASSINFOs are invisible");
            return map(T::staticMetaObject, options);
        } else {
            return false;
        }
    }

    [[nodiscard]] Mapper mapper(const QMetaObject &metaObject) const; // invalid when not mapped
    template<typename T>
    [[nodiscard]] Mapper mapper() const
    {
        return mapper(T::staticMetaObject);
    }
    // By QMetaObject::className(), namespace included ("shop::Order").
    [[nodiscard]] Mapper mapper(const QString &className) const;
    [[nodiscard]] QList<Mapper> mappers() const; // in the order mapped

    // The tables of the mapped classes (and any Core table added to it).
    [[nodiscard]] MetaData metadata() const;
    // Extend or change it before mapping the classes that need it.
    [[nodiscard]] TypeMap &typeMap();
    [[nodiscard]] const TypeMap &typeMap() const;

    // Resolves the relationships of every mapped class (targets, directions, foreign keys,
    // back-populates) once all classes are mapped. A Session calls it. False, with lastError()
    // naming each problem, when one is wrong; a later map() makes it run again.
    [[nodiscard]] bool configure() const;

    // The error of the last map() or configure() call; invalid after a successful one.
    [[nodiscard]] Error lastError() const;

private:
    std::unique_ptr<RegistryPrivate> const d;
};

} // namespace Qorm
