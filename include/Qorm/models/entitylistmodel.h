// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

#include <Qorm/models/objectlistmodel.h>
#include <Qorm/orm/collection.h>

#include <iterator>

namespace Qorm {

/*
    A relationship collection as a list model: what a QListView or a QML ListView shows, and
    what a one-to-many or many-to-many property holds.
        Q_PROPERTY(Qorm::EntityListModel *addresses READ addresses CONSTANT)
        Q_CLASSINFO("qorm.relationship.addresses", "Address; backPopulates=user")
        ...
        Qorm::EntityList<Address> *m_addresses = new Qorm::EntityList<Address>(this, "addresses");
    The roles, data(), setData() and the following of the items' NOTIFY signals are
    ObjectListModel's, over the relationship's target class. A change of the collection is
    announced (rowsInserted() ...) when something observes the model.
*/
// The base is named with its namespace so that QML tooling (qmltyperegistrar) finds it.
class QORM_EXPORT EntityListModel : public Qorm::ObjectListModel, public RelationshipCollection
{
    Q_OBJECT
    Q_CLASSINFO("qorm.collection", "true")

public:
    // `owner` is the object whose relationship property `property` holds this collection; it
    // is the model's parent too. Without `property` the model finds its property on first use.
    explicit EntityListModel(QObject *owner, const char *property = nullptr);
    ~EntityListModel() override;

    Q_INVOKABLE bool append(QObject *object) { return RelationshipCollection::append(object); }
    Q_INVOKABLE bool insert(int row, QObject *object)
    {
        return RelationshipCollection::insert(row, object);
    }
    Q_INVOKABLE bool remove(QObject *object) { return RelationshipCollection::remove(object); }
    Q_INVOKABLE bool removeAt(int row) { return RelationshipCollection::removeAt(row); }
    Q_INVOKABLE bool move(int from, int to) { return RelationshipCollection::move(from, to); }
    Q_INVOKABLE void clear() { RelationshipCollection::clear(); }

    [[nodiscard]] int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    // A write-only collection (lazy=write-only) hands views its rows page by page.
    [[nodiscard]] bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    // Rows per fetchMore() (default 100).
    void setPageSize(int rows) { m_pageSize = qMax(1, rows); }
    [[nodiscard]] int pageSize() const { return m_pageSize; }

protected:
    [[nodiscard]] QObject *objectAt(int row) const override { return at(row); }
    [[nodiscard]] int rowOfObject(const QObject *object) const override
    {
        return int(RelationshipCollection::indexOf(object));
    }
    [[nodiscard]] const QMetaObject *itemClass() const override;
    void aboutToChange(Change change, qsizetype first, qsizetype last,
                       qsizetype destination) override;
    void changed(Change change) override;

private:
    int m_pageSize = 100;
    int m_countBefore = 0;
    bool m_announcing = true; // the change in progress is announced (beginInsertRows() ...)
};

/*
    The typed face of a collection: iterate as T *, append T *. T is the target class.
*/
template<typename T>
class EntityList : public EntityListModel
{
public:
    //! As EntityListModel's constructor: the collection of \a owner's property \a property.
    using EntityListModel::EntityListModel;

    //! The object at \a index as a T *, or null out of range.
    [[nodiscard]] T *at(qsizetype index) const
    {
        QObject *object = EntityListModel::at(index);
        return holdsOnly(&T::staticMetaObject) ? static_cast<T *>(object)
                                               : qobject_cast<T *>(object);
    }
    //! The first object, or null when the collection is empty.
    [[nodiscard]] T *first() const { return at(0); }
    //! See EntityListModel::append().
    bool append(T *object) { return EntityListModel::append(object); }
    //! See EntityListModel::remove().
    bool remove(T *object) { return EntityListModel::remove(object); }
    //! The objects as T *; an object deleted behind the collection's back is left out.
    [[nodiscard]] QList<T *> toList() const
    {
        QList<T *> list;
        const bool cast = holdsOnly(&T::staticMetaObject);
        for (QObject *object : objects())
            list.append(cast ? static_cast<T *>(object) : qobject_cast<T *>(object));
        return list;
    }

    //! A forward iterator over the objects as T *, skipping deleted ones (never null).
    class const_iterator
    {
    public:
        //! Standard iterator traits: a forward iterator yielding T *.
        //! @{
        using iterator_category = std::forward_iterator_tag;
        using value_type = T *;
        using difference_type = qsizetype;
        using pointer = T **;
        using reference = T *;
        //! @}
        //! An iterator at \a index of \a list (moved on past deleted objects).
        const_iterator(const EntityList *list, qsizetype index) : m_list(list), m_index(index)
        {
            skipDeleted();
        }
        //! The current object.
        T *operator*() const { return m_list->at(m_index); }
        //! Moves to the next object that was not deleted.
        const_iterator &operator++()
        {
            ++m_index;
            skipDeleted();
            return *this;
        }
        //! Moves on, returning the iterator as it was.
        const_iterator operator++(int)
        {
            const_iterator previous = *this;
            ++*this;
            return previous;
        }
        //! Same position (iterators of one list only).
        bool operator==(const const_iterator &other) const { return m_index == other.m_index; }
        //! Different position (iterators of one list only).
        bool operator!=(const const_iterator &other) const { return m_index != other.m_index; }

    private:
        // Like toList(), never yields null: not for an object deleted behind the collection's
        // back (its row stays until the collection's next change).
        void skipDeleted()
        {
            const qsizetype size = m_list->size();
            while (m_index < size && !m_list->at(m_index))
                ++m_index;
        }
        const EntityList *m_list;
        qsizetype m_index;
    };
    //! The first object that was not deleted; loads the collection first.
    [[nodiscard]] const_iterator begin() const { return const_iterator(this, 0); }
    //! Past the last object.
    [[nodiscard]] const_iterator end() const { return const_iterator(this, size()); }
};

} // namespace Qorm
