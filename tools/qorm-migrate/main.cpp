// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT

// The qorm-migrate demo: the migration commands over the models of the schema tests
// (tests/auto/schema/testschema.h) and an empty chain of migrations. An application writes the
// same main() with its own Registry and migrations; see docs/migrations.md.

#include "testschema.h"

#include <Qorm/MigrateTool>

int main(int argc, char *argv[])
{
    return Qorm::runMigrateTool(argc, argv, { .models = TestSchema::metadata() });
}
