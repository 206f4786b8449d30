// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

// The schema the reflection and diff tests create and read back: every SqlType kind, server
// defaults, a unique column, an indexed column, a composite unique constraint, a composite
// primary key, foreign keys with actions (one self-referencing), an enumeration, reserved-word
// names and names with quotes and blanks.

#include <Qorm/Core>

namespace TestSchema {

using namespace Qt::StringLiterals;
using namespace Qorm;

inline MetaData metadata()
{
    MetaData metadata;
    Table(metadata, u"author"_s,
          {
                  Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
                  Column(u"name"_s, SqlType::string(100), { .nullable = false, .index = true }),
                  Column(u"email"_s, SqlType::string(200), { .unique = true }),
                  Column(u"order"_s, SqlType::integer(),
                         { .nullable = false, .serverDefault = text(u"0"_s) }),
                  Column(u"status"_s, SqlType::string(20), { .serverDefault = text(u"'new'"_s) }),
                  Column(u"active"_s, SqlType::boolean()),
                  Column(u"bio"_s, SqlType::text()),
                  Column(u"born"_s, SqlType::date()),
                  Column(u"wakes"_s, SqlType::time()),
                  Column(u"created"_s, SqlType::dateTime(), { .serverDefault = Function::now() }),
                  Column(u"price"_s, SqlType::numeric(10, 2)),
                  Column(u"ratio"_s, SqlType::doublePrecision()),
                  Column(u"token"_s, SqlType::uuid()),
                  Column(u"big"_s, SqlType::bigInteger()),
                  Column(u"small"_s, SqlType::smallInteger()),
                  Column(u"photo"_s, SqlType::binary()),
                  Column(u"attributes"_s, SqlType::json()),
          });
    Table(metadata, u"book"_s,
          {
                  Column(u"id"_s, SqlType::bigInteger(), { .primaryKey = true }),
                  Column(u"author_id"_s, SqlType::integer(),
                         { .nullable = false,
                           .foreignKey = ForeignKey(u"author.id"_s,
                                                    { .onDelete = ReferentialAction::Cascade }) }),
                  Column(u"title"_s, SqlType::string(200), { .nullable = false }),
                  Column(u"sequel_of"_s, SqlType::bigInteger(),
                         { .foreignKey = ForeignKey(u"book.id"_s,
                                                    { .onDelete = ReferentialAction::SetNull }) }),
          },
          { Constraint::unique({ u"author_id"_s, u"title"_s }) },
          { Index(u"ix_book_title_author"_s, { u"title"_s, u"author_id"_s }) });
    Table(metadata, u"select"_s,
          {
                  Column(u"book_id"_s, SqlType::bigInteger(), { .primaryKey = true }),
                  Column(u"from"_s, SqlType::string(50), { .primaryKey = true }),
                  Column(u"group"_s, SqlType::integer()),
          },
          { Constraint::foreignKey({ u"book_id"_s }, { u"book.id"_s },
                                   { .onDelete = ReferentialAction::Cascade,
                                     .onUpdate = ReferentialAction::Cascade }) });
    Table(metadata, u"we\"ird table"_s,
          {
                  Column(u"it's"_s, SqlType::integer(), { .primaryKey = true }),
                  Column(u"x\"y"_s, SqlType::string(30)),
                  Column(u"state"_s, SqlType::enumeration({ u"draft"_s, u"published"_s }),
                         { .nullable = false, .serverDefault = text(u"'draft'"_s) }),
          },
          {}, { Index(u"ix \"odd\""_s, { u"x\"y"_s, u"it's"_s }) });
    return metadata;
}

} // namespace TestSchema
