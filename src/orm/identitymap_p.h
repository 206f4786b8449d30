// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
//  W A R N I N G
//  This file is not part of the Qorm API. It may change without notice.
#pragma once

#include <QtCore/qglobal.h>

#include <cstddef>
#include <iterator>
#include <vector>

namespace Qorm {

struct Instance;

/*
    The identity map of a class with one integer key: key -> Instance.

    Open addressing with linear probing, like a plain hash table, but keys that differ only in
    their lowest four bits land in adjacent slots: runs of consecutive keys (what autoincrement
    hands out, and the order rows are loaded and looked up in) then touch consecutive memory
    instead of a random slot each, which QHash's seeded hash gives them. Groups of 16 keys are
    spread by Fibonacci hashing of the rest of the key, so sparse or strided keys (Snowflake-like
    ids, multiples of a power of two) still spread over the table. The table has any number of
    16-slot groups (it grows by half), is at most four fifths full, and removal shifts entries
    back, so there are no tombstones: about 16 to 24 bytes per entry.
*/
class IntegerIdentityMap
{
public:
    struct Slot
    {
        qint64 key = 0;
        Instance *instance = nullptr; // nullptr: an empty slot
    };

    [[nodiscard]] qsizetype size() const noexcept { return m_count; }
    [[nodiscard]] bool isEmpty() const noexcept { return m_count == 0; }

    [[nodiscard]] Instance *value(qint64 key) const noexcept
    {
        if (m_count == 0)
            return nullptr;
        for (size_t i = home(key);; i = next(i)) {
            const Slot &slot = m_slots[i];
            if (!slot.instance)
                return nullptr;
            if (slot.key == key)
                return slot.instance;
        }
    }

    // Adds or replaces the entry of `key`.
    void insert(qint64 key, Instance *instance)
    {
        Q_ASSERT(instance);
        if ((m_count + 1) * 5 > qsizetype(m_slots.size()) * 4)
            rehash(grown(m_slots.size()));
        for (size_t i = home(key);; i = next(i)) {
            Slot &slot = m_slots[i];
            if (!slot.instance) {
                slot = Slot{ key, instance };
                ++m_count;
                return;
            }
            if (slot.key == key) {
                slot.instance = instance;
                return;
            }
        }
    }

    bool remove(qint64 key) noexcept
    {
        if (m_count == 0)
            return false;
        size_t hole = home(key);
        for (;; hole = next(hole)) {
            if (!m_slots[hole].instance)
                return false;
            if (m_slots[hole].key == key)
                break;
        }
        // Backward-shift deletion: later entries of the probe run move into the hole unless
        // their home lies cyclically in (hole, j].
        for (size_t j = next(hole); m_slots[j].instance; j = next(j)) {
            const size_t h = home(m_slots[j].key);
            const bool stays = hole <= j ? (hole < h && h <= j) : (hole < h || h <= j);
            if (!stays) {
                m_slots[hole] = m_slots[j];
                hole = j;
            }
        }
        m_slots[hole] = Slot();
        --m_count;
        return true;
    }

    void reserve(qsizetype count)
    {
        size_t capacity = m_slots.empty() ? minimumCapacity : m_slots.size();
        while (qsizetype(capacity) * 4 < count * 5)
            capacity = grown(capacity);
        if (capacity != m_slots.size())
            rehash(capacity);
    }

    void clear()
    {
        m_slots.clear();
        m_slots.shrink_to_fit();
        m_groups = 0;
        m_count = 0;
    }

    // Iterates the instances (in slot order).
    class const_iterator
    {
    public:
        using value_type = Instance *;
        using difference_type = std::ptrdiff_t;
        using reference = Instance *;
        using pointer = void;
        using iterator_category = std::forward_iterator_tag;

        const_iterator() = default;
        Instance *operator*() const { return m_slot->instance; }
        const_iterator &operator++()
        {
            ++m_slot;
            skip();
            return *this;
        }
        const_iterator operator++(int)
        {
            const_iterator old = *this;
            ++*this;
            return old;
        }
        bool operator==(const const_iterator &other) const { return m_slot == other.m_slot; }
        bool operator!=(const const_iterator &other) const { return m_slot != other.m_slot; }

    private:
        friend class IntegerIdentityMap;
        const_iterator(const Slot *slot, const Slot *end) : m_slot(slot), m_end(end) { skip(); }
        void skip()
        {
            while (m_slot != m_end && !m_slot->instance)
                ++m_slot;
        }
        const Slot *m_slot = nullptr;
        const Slot *m_end = nullptr;
    };
    [[nodiscard]] const_iterator begin() const
    {
        return const_iterator(m_slots.data(), m_slots.data() + m_slots.size());
    }
    [[nodiscard]] const_iterator end() const
    {
        return const_iterator(m_slots.data() + m_slots.size(), m_slots.data() + m_slots.size());
    }
    [[nodiscard]] const_iterator cbegin() const { return begin(); }
    [[nodiscard]] const_iterator cend() const { return end(); }

private:
    static constexpr size_t minimumCapacity = 64;

    static size_t grown(size_t capacity)
    {
        return capacity == 0 ? minimumCapacity : (capacity / 16 + capacity / 32 + 1) * 16;
    }

    [[nodiscard]] size_t next(size_t i) const noexcept
    {
        return i + 1 == m_slots.size() ? 0 : i + 1;
    }

    [[nodiscard]] size_t home(qint64 key) const noexcept
    {
        const quint64 k = quint64(key);
        // The group, spread by Fibonacci hashing and mapped onto [0, m_groups) by a multiply.
        const quint64 mixed = (k >> 4) * Q_UINT64_C(0x9E3779B97F4A7C15);
        const size_t group = size_t(((mixed >> 32) * m_groups) >> 32); // m_groups < 2^32
        return group * 16 + size_t(k & 15);
    }

    void rehash(size_t capacity)
    {
        std::vector<Slot> old;
        old.swap(m_slots);
        m_slots.assign(capacity, Slot());
        m_groups = capacity / 16;
        m_count = 0;
        for (const Slot &slot : old) {
            if (slot.instance)
                insert(slot.key, slot.instance);
        }
    }

    std::vector<Slot> m_slots; // a multiple of 16 slots
    quint64 m_groups = 0;
    qsizetype m_count = 0;
};

} // namespace Qorm
