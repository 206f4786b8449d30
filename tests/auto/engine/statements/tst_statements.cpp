// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
//
// Every statement form of the Core layer, executed on every configured database against a
// small fixed data set, with the rows it returns asserted.

#include <Qorm/Core>

#include <QtCore/QDateTime>
#include <QtTest/QTest>

#include <databases.h>

using namespace Qt::StringLiterals;
using namespace Qorm;

namespace {

ColumnOptions references(const QString &target)
{
    ColumnOptions options;
    options.foreignKey = ForeignKey(target);
    return options;
}

ColumnOptions notNull()
{
    ColumnOptions options;
    options.nullable = false;
    return options;
}

/*
    departments                 employees (manager_id -> employees, department_id -> departments)
    1 Engineering               1 Alice  mgr -  dept 1  salary 200
    2 Sales                     2 Bob    mgr 1  dept 1  salary 150
    3 Empty (no employees)      3 Carol  mgr 2  dept 1  salary 120
                                4 Dave   mgr 1  dept 2  salary 130
                                5 Eve    mgr 4  dept 2  salary NULL
                                6 Frank  mgr 3  dept -  salary 90
*/
struct Fixture
{
    MetaData metadata;
    Table departments;
    Table employees;
};

std::unique_ptr<Fixture> makeFixture()
{
    auto fixture = std::make_unique<Fixture>();
    fixture->departments = Table(fixture->metadata, u"departments"_s,
                                 { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
                                   Column(u"name"_s, SqlType::string(50), notNull()) });
    fixture->employees =
            Table(fixture->metadata, u"employees"_s,
                  { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
                    Column(u"name"_s, SqlType::string(50), notNull()),
                    Column(u"manager_id"_s, SqlType::integer(), references(u"employees.id"_s)),
                    Column(u"department_id"_s, SqlType::integer(), references(u"departments.id"_s)),
                    Column(u"salary"_s, SqlType::integer()) });
    return fixture;
}

QVariant nullInt()
{
    return QVariant(QMetaType::fromType<int>());
}

bool fill(Connection &db, const Fixture &fixture)
{
    Result departments = db.execute(
            insert(fixture.departments)
                    .values(QList<QVariantMap>{ { { u"id"_s, 1 }, { u"name"_s, u"Engineering"_s } },
                                                { { u"id"_s, 2 }, { u"name"_s, u"Sales"_s } },
                                                { { u"id"_s, 3 }, { u"name"_s, u"Empty"_s } } }));
    if (!departments.isValid()) {
        qWarning().noquote() << Test::describe(departments.error());
        return false;
    }
    const auto employee = [](int id, const QString &name, const QVariant &manager,
                             const QVariant &department, const QVariant &salary) {
        return QVariantMap{ { u"id"_s, id },
                            { u"name"_s, name },
                            { u"manager_id"_s, manager },
                            { u"department_id"_s, department },
                            { u"salary"_s, salary } };
    };
    // One by one: each row's manager must exist before it.
    const QList<QVariantMap> rows{
        employee(1, u"Alice"_s, nullInt(), 1, 200), employee(2, u"Bob"_s, 1, 1, 150),
        employee(3, u"Carol"_s, 2, 1, 120),         employee(4, u"Dave"_s, 1, 2, 130),
        employee(5, u"Eve"_s, 4, 2, nullInt()),     employee(6, u"Frank"_s, 3, nullInt(), 90),
    };
    for (const QVariantMap &row : rows) {
        Result result = db.execute(insert(fixture.employees).values(row));
        if (!result.isValid()) {
            qWarning().noquote() << Test::describe(result.error());
            return false;
        }
    }
    return true;
}

// Each row as "value|value|...", NULL as "-", so that results compare the same on every database.
QStringList texts(Result &result)
{
    QStringList rows;
    while (result.next()) {
        QStringList values;
        const Row row = result.row();
        for (int i = 0; i < row.count(); ++i)
            values << (row.isNull(i) ? u"-"_s : row.value(i).toString());
        rows << values.join(u'|');
    }
    return rows;
}

} // namespace

// Connects, builds and fills the fixture; `db` and `fixture` are then in scope.
#define FIXTURE(database) \
  QORM_CONNECT_CLEAN(db, database); \
  const auto fixtureHolder_ = makeFixture(); \
  const Fixture &fixture = *fixtureHolder_; \
  QVERIFY2(fixture.metadata.createAll(db), qPrintable(Test::describe(db.lastError()))); \
  QVERIFY(fill(db, fixture)); \
  const Table &employees = fixture.employees; \
  const Table &departments = fixture.departments; \
  Q_UNUSED(employees); \
  Q_UNUSED(departments)

// Executes `statement` and compares texts() of its rows with `expected`.
#define COMPARE_ROWS(statement, expected) \
  do { \
    Result rows_ = db.execute(statement); \
    QORM_VERIFY_RESULT(rows_); \
    const QStringList actual_ = texts(rows_); \
    QVERIFY2(!rows_.error().isValid(), qPrintable(Test::describe(rows_.error()))); \
    QCOMPARE(actual_, QStringList(expected)); \
  } while (false)

class tst_Statements : public QObject
{
    Q_OBJECT

private slots:
    void joins_data() { Test::addDatabaseColumn(); }
    void joins();
    void fullJoin_data() { Test::addDatabaseColumn(); }
    void fullJoin();
    void groupByHaving_data() { Test::addDatabaseColumn(); }
    void groupByHaving();
    void orderByNulls_data() { Test::addDatabaseColumn(); }
    void orderByNulls();
    void limitOffset_data() { Test::addDatabaseColumn(); }
    void limitOffset();
    void distinct_data() { Test::addDatabaseColumn(); }
    void distinct();
    void subqueries_data() { Test::addDatabaseColumn(); }
    void subqueries();
    void existsAndIn_data() { Test::addDatabaseColumn(); }
    void existsAndIn();
    void setOperations_data() { Test::addDatabaseColumn(); }
    void setOperations();
    void commonTableExpressions_data() { Test::addDatabaseColumn(); }
    void commonTableExpressions();
    void forUpdate_data() { Test::addDatabaseColumn(); }
    void forUpdate();
    void multiRowInsertReturning_data() { Test::addDatabaseColumn(); }
    void multiRowInsertReturning();
    void lastInsertId_data() { Test::addDatabaseColumn(); }
    void lastInsertId();
    void insertFromSelect_data() { Test::addDatabaseColumn(); }
    void insertFromSelect();
    void upsert_data() { Test::addDatabaseColumn(); }
    void upsert();
    void updateWithExpressionAndOnUpdate_data() { Test::addDatabaseColumn(); }
    void updateWithExpressionAndOnUpdate();
    void updateReturning_data() { Test::addDatabaseColumn(); }
    void updateReturning();
    void deleteReturning_data() { Test::addDatabaseColumn(); }
    void deleteReturning();
    void textSqlWithParameters_data() { Test::addDatabaseColumn(); }
    void textSqlWithParameters();
    void castCaseCoalesce_data() { Test::addDatabaseColumn(); }
    void castCaseCoalesce();
    void likeAndIlike_data() { Test::addDatabaseColumn(); }
    void likeAndIlike();
    void betweenAndCountDistinct_data() { Test::addDatabaseColumn(); }
    void betweenAndCountDistinct();
    void aggregates_data() { Test::addDatabaseColumn(); }
    void aggregates();
};

void tst_Statements::joins()
{
    QFETCH(QString, database);
    FIXTURE(database);

    COMPARE_ROWS(
            select({ employees[u"name"_s], departments[u"name"_s].label(u"department"_s) })
                    .from(employees.join(departments,
                                         employees[u"department_id"_s] == departments[u"id"_s]))
                    .orderBy({ employees[u"id"_s] }),
            (QStringList{ u"Alice|Engineering"_s, u"Bob|Engineering"_s, u"Carol|Engineering"_s,
                          u"Dave|Sales"_s, u"Eve|Sales"_s }));

    COMPARE_ROWS(
            select({ employees[u"name"_s], departments[u"name"_s].label(u"department"_s) })
                    .from(employees.leftJoin(departments,
                                             employees[u"department_id"_s] == departments[u"id"_s]))
                    .orderBy({ employees[u"id"_s] }),
            (QStringList{ u"Alice|Engineering"_s, u"Bob|Engineering"_s, u"Carol|Engineering"_s,
                          u"Dave|Sales"_s, u"Eve|Sales"_s, u"Frank|-"_s }));

    // Select::join() joins to the FROM taken from the columns; a self-join through an alias.
    const FromClause manager = employees.alias(u"manager"_s);
    COMPARE_ROWS(select({ employees[u"name"_s], manager[u"name"_s].label(u"manager"_s) })
                         .leftJoin(manager, employees[u"manager_id"_s] == manager[u"id"_s])
                         .orderBy({ employees[u"id"_s] }),
                 (QStringList{ u"Alice|-"_s, u"Bob|Alice"_s, u"Carol|Bob"_s, u"Dave|Alice"_s,
                               u"Eve|Dave"_s, u"Frank|Carol"_s }));

    // Three tables: employee, manager, the manager's department.
    const FromClause managerDepartment = departments.alias(u"md"_s);
    COMPARE_ROWS(
            select({ employees[u"name"_s], managerDepartment[u"name"_s] })
                    .from(employees.join(manager, employees[u"manager_id"_s] == manager[u"id"_s])
                                  .join(managerDepartment,
                                        manager[u"department_id"_s] == managerDepartment[u"id"_s]))
                    .where(managerDepartment[u"name"_s] == u"Sales"_s),
            QStringList{ u"Eve|Sales"_s });
}

// FULL OUTER JOIN where the database has it; MariaDB refuses it before sending anything.
void tst_Statements::fullJoin()
{
    QFETCH(QString, database);
    FIXTURE(database);
    const Select statement =
            select({ employees[u"name"_s], departments[u"name"_s].label(u"department"_s) })
                    .from(employees.fullJoin(departments,
                                             employees[u"department_id"_s] == departments[u"id"_s]))
                    .orderBy({ employees[u"id"_s].nullsLast(), departments[u"id"_s] });
    Test::SqlRecorder recorder(db);
    if (!db.dialect().supportsFullJoin()) {
        QCOMPARE(database, u"mariadb"_s);
        Result result = db.execute(statement);
        QVERIFY(!result.isValid());
        QCOMPARE(result.error().type(), Error::UnsupportedFeatureError);
        QCOMPARE(recorder.count(), 0);
        return;
    }
    COMPARE_ROWS(statement,
                 (QStringList{ u"Alice|Engineering"_s, u"Bob|Engineering"_s, u"Carol|Engineering"_s,
                               u"Dave|Sales"_s, u"Eve|Sales"_s, u"Frank|-"_s, u"-|Empty"_s }));
}

void tst_Statements::groupByHaving()
{
    QFETCH(QString, database);
    FIXTURE(database);

    const Expression count = Function::count().label(u"n"_s);
    COMPARE_ROWS(select({ employees[u"department_id"_s], count })
                         .groupBy({ employees[u"department_id"_s] })
                         .having(Function::count() > 1)
                         .orderBy({ employees[u"department_id"_s] }),
                 (QStringList{ u"1|3"_s, u"2|2"_s }));

    // Grouped over a join, ordered by the aggregate's label.
    COMPARE_ROWS(select({ departments[u"name"_s],
                          Function::sum(employees[u"salary"_s]).label(u"total"_s) })
                         .from(departments.join(
                                 employees, employees[u"department_id"_s] == departments[u"id"_s]))
                         .groupBy({ departments[u"name"_s] })
                         .orderBy({ Function::sum(employees[u"salary"_s])
                                            .label(u"total"_s)
                                            .descending() }),
                 (QStringList{ u"Engineering|470"_s, u"Sales|130"_s }));

    // HAVING on an aggregate that is not selected.
    COMPARE_ROWS(
            select({ employees[u"department_id"_s] })
                    .groupBy({ employees[u"department_id"_s] })
                    .having(Function::max(employees[u"salary"_s]) >= 130 && Function::count() >= 2)
                    .orderBy({ employees[u"department_id"_s] }),
            (QStringList{ u"1"_s, u"2"_s }));
}

// NULLS FIRST/LAST, native or emulated (MariaDB): the same order everywhere.
void tst_Statements::orderByNulls()
{
    QFETCH(QString, database);
    FIXTURE(database);
    const Expression salary = employees[u"salary"_s];
    const auto names = [&](const Expression &order) {
        return select({ employees[u"name"_s] }).orderBy({ order, employees[u"id"_s] });
    };
    COMPARE_ROWS(
            names(salary.ascending().nullsFirst()),
            (QStringList{ u"Eve"_s, u"Frank"_s, u"Carol"_s, u"Dave"_s, u"Bob"_s, u"Alice"_s }));
    COMPARE_ROWS(
            names(salary.ascending().nullsLast()),
            (QStringList{ u"Frank"_s, u"Carol"_s, u"Dave"_s, u"Bob"_s, u"Alice"_s, u"Eve"_s }));
    COMPARE_ROWS(
            names(salary.descending().nullsFirst()),
            (QStringList{ u"Eve"_s, u"Alice"_s, u"Bob"_s, u"Dave"_s, u"Carol"_s, u"Frank"_s }));
    COMPARE_ROWS(
            names(salary.descending().nullsLast()),
            (QStringList{ u"Alice"_s, u"Bob"_s, u"Dave"_s, u"Carol"_s, u"Frank"_s, u"Eve"_s }));
    // Without a direction.
    COMPARE_ROWS(
            names(salary.nullsFirst()),
            (QStringList{ u"Eve"_s, u"Frank"_s, u"Carol"_s, u"Dave"_s, u"Bob"_s, u"Alice"_s }));
    // Two nullable keys.
    COMPARE_ROWS(
            select({ employees[u"name"_s] })
                    .orderBy({ employees[u"department_id"_s].descending().nullsFirst(),
                               salary.nullsLast() }),
            (QStringList{ u"Frank"_s, u"Dave"_s, u"Eve"_s, u"Carol"_s, u"Bob"_s, u"Alice"_s }));
}

void tst_Statements::limitOffset()
{
    QFETCH(QString, database);
    FIXTURE(database);
    const Select ordered = select({ employees[u"id"_s] }).orderBy({ employees[u"id"_s] });
    COMPARE_ROWS(ordered.limit(2), (QStringList{ u"1"_s, u"2"_s }));
    COMPARE_ROWS(ordered.limit(2).offset(2), (QStringList{ u"3"_s, u"4"_s }));
    COMPARE_ROWS(ordered.offset(4), (QStringList{ u"5"_s, u"6"_s }));
    COMPARE_ROWS(ordered.limit(100),
                 (QStringList{ u"1"_s, u"2"_s, u"3"_s, u"4"_s, u"5"_s, u"6"_s }));
    COMPARE_ROWS(ordered.limit(0), QStringList());
    COMPARE_ROWS(ordered.offset(6), QStringList());
    COMPARE_ROWS(ordered.limit(3).offset(5), QStringList{ u"6"_s });
    COMPARE_ROWS(ordered.offset(0).limit(1), QStringList{ u"1"_s });
    // The same prepared statement with other values (one shape, different binds).
    COMPARE_ROWS(ordered.limit(1).offset(3), QStringList{ u"4"_s });
}

void tst_Statements::distinct()
{
    QFETCH(QString, database);
    FIXTURE(database);
    COMPARE_ROWS(select({ employees[u"department_id"_s] })
                         .distinct()
                         .orderBy({ employees[u"department_id"_s].nullsFirst() }),
                 (QStringList{ u"-"_s, u"1"_s, u"2"_s }));
    COMPARE_ROWS(select({ employees[u"department_id"_s], employees[u"manager_id"_s] })
                         .distinct()
                         .where(employees[u"manager_id"_s] == 1),
                 (QStringList{ u"1|1"_s, u"2|1"_s }));
}

void tst_Statements::subqueries()
{
    QFETCH(QString, database);
    FIXTURE(database);

    // Scalar subquery in the SELECT list.
    const FromClause other = employees.alias(u"other"_s);
    COMPARE_ROWS(select({ employees[u"name"_s],
                          select({ Function::max(other[u"salary"_s]) })
                                  .scalarSubquery()
                                  .label(u"top"_s) })
                         .where(employees[u"id"_s] <= 2)
                         .orderBy({ employees[u"id"_s] }),
                 (QStringList{ u"Alice|200"_s, u"Bob|200"_s }));

    // Correlated: employees earning more than their department's average.
    const Expression departmentAverage =
            select({ Function::avg(other[u"salary"_s]) })
                    .where(other[u"department_id"_s] == employees[u"department_id"_s])
                    .scalarSubquery();
    COMPARE_ROWS(select({ employees[u"name"_s] })
                         .where(employees[u"salary"_s] > departmentAverage)
                         .orderBy({ employees[u"id"_s] }),
                 QStringList{ u"Alice"_s });

    // Correlated in the SELECT list: the manager's name.
    COMPARE_ROWS(select({ employees[u"name"_s],
                          select({ other[u"name"_s] })
                                  .where(other[u"id"_s] == employees[u"manager_id"_s])
                                  .scalarSubquery()
                                  .label(u"boss"_s) })
                         .orderBy({ employees[u"id"_s] }),
                 (QStringList{ u"Alice|-"_s, u"Bob|Alice"_s, u"Carol|Bob"_s, u"Dave|Alice"_s,
                               u"Eve|Dave"_s, u"Frank|Carol"_s }));

    // A subquery as a FROM source.
    const FromClause perDepartment =
            select({ employees[u"department_id"_s], Function::count().label(u"n"_s) })
                    .groupBy({ employees[u"department_id"_s] })
                    .subquery(u"per_department"_s);
    COMPARE_ROWS(select({ departments[u"name"_s], perDepartment[u"n"_s] })
                         .from(departments.join(perDepartment,
                                                perDepartment[u"department_id"_s]
                                                        == departments[u"id"_s]))
                         .where(perDepartment[u"n"_s] > 1)
                         .orderBy({ perDepartment[u"n"_s].descending() }),
                 (QStringList{ u"Engineering|3"_s, u"Sales|2"_s }));
}

void tst_Statements::existsAndIn()
{
    QFETCH(QString, database);
    FIXTURE(database);

    const Select staffOf = select({ employees[u"id"_s] })
                                   .where(employees[u"department_id"_s] == departments[u"id"_s]);
    COMPARE_ROWS(select({ departments[u"name"_s] })
                         .where(exists(staffOf))
                         .orderBy({ departments[u"id"_s] }),
                 (QStringList{ u"Engineering"_s, u"Sales"_s }));
    COMPARE_ROWS(select({ departments[u"name"_s] })
                         .where(!exists(staffOf))
                         .orderBy({ departments[u"id"_s] }),
                 QStringList{ u"Empty"_s });

    // IN (subquery)
    COMPARE_ROWS(select({ employees[u"name"_s] })
                         .where(employees[u"department_id"_s].in(
                                 select({ departments[u"id"_s] })
                                         .where(departments[u"name"_s].like(u"S%"_s))))
                         .orderBy({ employees[u"id"_s] }),
                 (QStringList{ u"Dave"_s, u"Eve"_s }));
    // NOT IN (subquery): those who manage nobody.
    const FromClause reports = employees.alias(u"reports"_s);
    COMPARE_ROWS(select({ employees[u"name"_s] })
                         .where(employees[u"id"_s].notIn(
                                 select({ reports[u"manager_id"_s] })
                                         .where(reports[u"manager_id"_s].isNotNull())))
                         .orderBy({ employees[u"id"_s] }),
                 (QStringList{ u"Eve"_s, u"Frank"_s }));
    // IN a list, and an empty list (matches nothing; NOT IN of it matches everything).
    COMPARE_ROWS(select({ employees[u"name"_s] })
                         .where(employees[u"id"_s].in(QVariantList{ 2, 4, 99 }))
                         .orderBy({ employees[u"id"_s] }),
                 (QStringList{ u"Bob"_s, u"Dave"_s }));
    COMPARE_ROWS(select({ employees[u"name"_s] }).where(employees[u"id"_s].in(QVariantList{})),
                 QStringList());
    COMPARE_ROWS(select({ Function::count() })
                         .from(employees)
                         .where(employees[u"id"_s].notIn(QVariantList{})),
                 QStringList{ u"6"_s });
}

void tst_Statements::setOperations()
{
    QFETCH(QString, database);
    FIXTURE(database);
    const Select paid = select({ employees[u"department_id"_s].label(u"department"_s) })
                                .where(employees[u"salary"_s] > 100);           // 1, 1, 1, 2
    const Select all = select({ departments[u"id"_s].label(u"department"_s) }); // 1, 2, 3
    const Select staffed =
            select({ employees[u"department_id"_s].label(u"department"_s) })
                    .where(employees[u"department_id"_s].isNotNull()); // 1, 1, 1, 2, 2

    COMPARE_ROWS(paid.unionWith(all).orderBy({ paid.subquery(u"x"_s)[u"department"_s] }),
                 (QStringList{ u"1"_s, u"2"_s, u"3"_s }));
    Result unionAll = db.execute(paid.unionAll(all));
    QORM_VERIFY_RESULT(unionAll);
    QCOMPARE(unionAll.all().size(), 7);
    COMPARE_ROWS(all.intersect(staffed).orderBy({ all.subquery(u"x"_s)[u"department"_s] }),
                 (QStringList{ u"1"_s, u"2"_s }));
    COMPARE_ROWS(all.except(staffed), QStringList{ u"3"_s });
    // Ordered, limited members and a limit on the whole.
    COMPARE_ROWS(all.orderBy({ departments[u"id"_s].descending() })
                         .limit(1)
                         .unionAll(paid.orderBy({ employees[u"id"_s] }).limit(1))
                         .orderBy({ all.subquery(u"x"_s)[u"department"_s] })
                         .limit(5),
                 (QStringList{ u"1"_s, u"3"_s }));
}

void tst_Statements::commonTableExpressions()
{
    QFETCH(QString, database);
    FIXTURE(database);

    // A plain CTE used twice: in the query and, with an explicit FROM (so not correlated), in
    // a subquery.
    const Cte wellPaid =
            select({ employees[u"id"_s], employees[u"name"_s], employees[u"salary"_s] })
                    .where(employees[u"salary"_s] >= 130)
                    .cte(u"well_paid"_s);
    COMPARE_ROWS(
            select({ wellPaid[u"name"_s] })
                    .where(wellPaid[u"salary"_s] > select({ Function::min(wellPaid[u"salary"_s]) })
                                                           .from(wellPaid)
                                                           .scalarSubquery())
                    .orderBy({ wellPaid[u"id"_s] }),
            (QStringList{ u"Alice"_s, u"Bob"_s }));

    // Recursive: Frank's chain of managers up to the top.
    const FromClause boss = employees.alias(u"boss"_s);
    const auto managerChain = [&](const Expression &zero) {
        Cte chain = select({ employees[u"id"_s], employees[u"name"_s], employees[u"manager_id"_s],
                             zero.label(u"depth"_s) })
                            .where(employees[u"name"_s] == u"Frank"_s)
                            .cte(u"chain"_s, Recursive::Yes);
        chain = chain.unionAll(
                select({ boss[u"id"_s], boss[u"name"_s], boss[u"manager_id"_s],
                         (chain[u"depth"_s] + 1).label(u"depth"_s) })
                        .from(boss.join(chain, boss[u"id"_s] == chain[u"manager_id"_s])));
        return select({ chain[u"name"_s], chain[u"depth"_s] }).orderBy({ chain[u"depth"_s] });
    };
    const QStringList frankUp{ u"Frank|0"_s, u"Carol|1"_s, u"Bob|2"_s, u"Alice|3"_s };
    COMPARE_ROWS(managerChain(cast(literal(0), SqlType::integer())), frankUp);

    // Recursive downwards: everybody under Alice, with the depth.
    Cte team =
            select({ employees[u"id"_s], cast(literal(0), SqlType::integer()).label(u"level"_s) })
                    .where(employees[u"id"_s] == 1)
                    .cte(u"team"_s, Recursive::Yes);
    const FromClause member = employees.alias(u"member"_s);
    team = team.unionAll(
            select({ member[u"id"_s], (team[u"level"_s] + 1).label(u"level"_s) })
                    .from(member.join(team, member[u"manager_id"_s] == team[u"id"_s])));
    COMPARE_ROWS(select({ employees[u"name"_s], team[u"level"_s] })
                         .from(team.join(employees, employees[u"id"_s] == team[u"id"_s]))
                         .orderBy({ team[u"level"_s], employees[u"id"_s] }),
                 (QStringList{ u"Alice|0"_s, u"Bob|1"_s, u"Dave|1"_s, u"Carol|2"_s, u"Eve|2"_s,
                               u"Frank|3"_s }));

    // The anchor's depth as a typed literal, without cast().
    COMPARE_ROWS(managerChain(literal(0, SqlType::integer())), frankUp);
}

/*
    SELECT ... FOR UPDATE inside a transaction locks the rows: a second connection asking for
    the same rows with NOWAIT fails. SQLite has no row locks: an UnsupportedFeatureError, no SQL.
*/
void tst_Statements::forUpdate()
{
    QFETCH(QString, database);
    FIXTURE(database);
    const Select locking =
            select({ employees[u"name"_s] }).where(employees[u"id"_s] == 2).forUpdate();
    if (!db.dialect().supportsRowLocks()) {
        QCOMPARE(database, u"sqlite"_s);
        Test::SqlRecorder recorder(db);
        Result result = db.execute(locking);
        QVERIFY(!result.isValid());
        QCOMPARE(result.error().type(), Error::UnsupportedFeatureError);
        QCOMPARE(recorder.count(), 0);
        return;
    }

    Transaction transaction = db.begin();
    QVERIFY2(transaction.isActive(), qPrintable(Test::describe(db.lastError())));
    COMPARE_ROWS(locking, QStringList{ u"Bob"_s });

    QORM_CONNECT(other, database);
    Transaction otherTransaction = other.begin();
    Result blocked = other.execute(select({ employees[u"name"_s] })
                                           .where(employees[u"id"_s] == 2)
                                           .withRowLock(RowLock::ForUpdateNoWait));
    QVERIFY2(!blocked.isValid(), "the row was not locked");
    QVERIFY(blocked.error().isValid());
    otherTransaction.rollback();
    // Other rows are free.
    Transaction third = other.begin();
    Result free = other.execute(select({ employees[u"name"_s] })
                                        .where(employees[u"id"_s] == 3)
                                        .withRowLock(RowLock::ForUpdateNoWait));
    QORM_VERIFY_RESULT(free);
    QCOMPARE(free.scalar().toString(), u"Carol"_s);
    third.rollback();

    QVERIFY2(transaction.commit(), qPrintable(Test::describe(db.lastError())));
}

// INSERT ... VALUES (...), (...) RETURNING id: ids distinct and in the order of the rows.
void tst_Statements::multiRowInsertReturning()
{
    QFETCH(QString, database);
    FIXTURE(database);
    QVERIFY(db.dialect().supportsReturning(Statement::InsertStatement));
    MetaData metadata;
    const Table items(metadata, u"items"_s,
                      { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
                        Column(u"label"_s, SqlType::string(20)) });
    QVERIFY2(metadata.createAll(db), qPrintable(Test::describe(db.lastError())));

    Test::SqlRecorder recorder(db, Test::SqlRecorder::ExcludeTransactionControl);
    const QStringList labels{ u"first"_s, u"second"_s, u"third"_s, u"fourth"_s };
    QList<QVariantMap> rows;
    for (const QString &label : labels)
        rows.append({ { u"label"_s, label } });
    Result result =
            db.execute(insert(items).values(rows).returning({ items[u"id"_s], items[u"label"_s] }));
    QORM_VERIFY_RESULT(result);
    QList<int> ids;
    QStringList returned;
    while (result.next()) {
        QCOMPARE(result.value(0).metaType(), QMetaType::fromType<int>());
        ids << result.value(0).toInt();
        returned << result.value(1).toString();
    }
    QCOMPARE(recorder.count(), 1); // one statement for all rows
    QCOMPARE(returned, labels);
    QCOMPARE(ids.size(), 4);
    for (qsizetype i = 1; i < ids.size(); ++i)
        QVERIFY2(ids.at(i) > ids.at(i - 1), "ids are not increasing in row order");

    // The ids are the stored ones.
    Result stored =
            db.execute(select({ items[u"id"_s], items[u"label"_s] }).orderBy({ items[u"id"_s] }));
    QORM_VERIFY_RESULT(stored);
    QStringList expected;
    for (qsizetype i = 0; i < ids.size(); ++i)
        expected << u"%1|%2"_s.arg(ids.at(i)).arg(labels.at(i));
    QCOMPARE(texts(stored), expected);

    // A second batch continues after the first.
    Result more = db.execute(insert(items)
                                     .values(QList<QVariantMap>{ { { u"label"_s, u"fifth"_s } },
                                                                 { { u"label"_s, u"sixth"_s } } })
                                     .returning({ items[u"id"_s] }));
    QORM_VERIFY_RESULT(more);
    const QList<Row> moreRows = more.all();
    QCOMPARE(moreRows.size(), 2);
    QVERIFY(moreRows.at(0).value(0).toInt() > ids.last());
    QVERIFY(moreRows.at(1).value(0).toInt() > moreRows.at(0).value(0).toInt());
}

/*
    Result::lastInsertId() is the driver's: SQLite gives the last id of a multi-row INSERT,
    MariaDB the first; PostgreSQL gives nothing (Qt would run SELECT lastval()), RETURNING is
    the way there.
*/
void tst_Statements::lastInsertId()
{
    QFETCH(QString, database);
    FIXTURE(database);
    MetaData metadata;
    const Table items(metadata, u"items"_s,
                      { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
                        Column(u"label"_s, SqlType::string(20)) });
    QVERIFY2(metadata.createAll(db), qPrintable(Test::describe(db.lastError())));

    Result one = db.execute(insert(items).values({ { u"label"_s, u"one"_s } }));
    QORM_VERIFY_RESULT(one);
    Result many =
            db.execute(insert(items).values(QList<QVariantMap>{ { { u"label"_s, u"two"_s } },
                                                                { { u"label"_s, u"three"_s } },
                                                                { { u"label"_s, u"four"_s } } }));
    QORM_VERIFY_RESULT(many);
    Result ids = db.execute(select({ items[u"id"_s] }).orderBy({ items[u"id"_s] }));
    QORM_VERIFY_RESULT(ids);
    QList<int> stored;
    while (ids.next())
        stored << ids.value(0).toInt();
    QCOMPARE(stored.size(), 4);

    if (database == u"postgresql"_s) {
        QTest::ignoreMessage(
                QtWarningMsg,
                "Result::lastInsertId() is not available on PostgreSQL; use RETURNING");
        QVERIFY(!one.lastInsertId().isValid());
        QVERIFY(!many.lastInsertId().isValid());
        return;
    }
    QCOMPARE(one.lastInsertId().toInt(), stored.at(0));
    QCOMPARE(many.lastInsertId().toInt(), database == u"mariadb"_s ? stored.at(1) : stored.at(3));
}

void tst_Statements::insertFromSelect()
{
    QFETCH(QString, database);
    FIXTURE(database);
    MetaData metadata;
    const Table archive(metadata, u"archive"_s,
                        { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
                          Column(u"name"_s, SqlType::string(50)),
                          Column(u"note"_s, SqlType::string(50)) });
    QVERIFY2(metadata.createAll(db), qPrintable(Test::describe(db.lastError())));
    Result inserted = db.execute(insert(archive).fromSelect(
            { u"id"_s, u"name"_s, u"note"_s },
            select({ employees[u"id"_s], Function::upper(employees[u"name"_s]),
                     literal(u"well paid"_s, SqlType::string()) })
                    .where(employees[u"salary"_s] > 140)));
    QORM_VERIFY_RESULT(inserted);
    QCOMPARE(inserted.numRowsAffected(), 2);
    COMPARE_ROWS(select(archive).orderBy({ archive[u"id"_s] }),
                 (QStringList{ u"1|ALICE|well paid"_s, u"2|BOB|well paid"_s }));
}

void tst_Statements::upsert()
{
    QFETCH(QString, database);
    FIXTURE(database);
    MetaData metadata;
    const Table counters(metadata, u"counters"_s,
                         { Column(u"key"_s, SqlType::string(20), { .primaryKey = true }),
                           Column(u"value"_s, SqlType::integer()),
                           Column(u"hits"_s, SqlType::integer(), notNull()) });
    QVERIFY2(metadata.createAll(db), qPrintable(Test::describe(db.lastError())));
    const auto row = [](const QString &key, int value, int hits) {
        return QVariantMap{ { u"key"_s, key }, { u"value"_s, value }, { u"hits"_s, hits } };
    };
    QORM_VERIFY_RESULT(db.execute(insert(counters).values(row(u"a"_s, 1, 1))));

    // Do nothing: the existing row stays.
    QORM_VERIFY_RESULT(db.execute(
            insert(counters).values(row(u"a"_s, 2, 1)).onConflictDoNothing({ u"key"_s })));
    COMPARE_ROWS(select(counters), QStringList{ u"a|1|1"_s });
    // Without a conflict target (SQLite and PostgreSQL: any constraint).
    QORM_VERIFY_RESULT(
            db.execute(insert(counters).values(row(u"a"_s, 3, 1)).onConflictDoNothing()));
    COMPARE_ROWS(select(counters), QStringList{ u"a|1|1"_s });

    // Do update with the proposed values.
    QORM_VERIFY_RESULT(
            db.execute(insert(counters)
                               .values(row(u"a"_s, 5, 1))
                               .onConflictDoUpdate({ u"key"_s }, QStringList{ u"value"_s })));
    COMPARE_ROWS(select(counters), QStringList{ u"a|5|1"_s });

    // Do update with expressions: hits + 1 and the proposed value times ten.
    const Insert bump = insert(counters).onConflictDoUpdate(
            { u"key"_s },
            QList<std::pair<QString, Expression>>{
                    { u"hits"_s, counters[u"hits"_s] + 1 },
                    { u"value"_s, Insert::excluded(counters[u"value"_s]) * 10 } });
    QORM_VERIFY_RESULT(db.execute(bump.values(row(u"a"_s, 7, 1))));
    COMPARE_ROWS(select(counters), QStringList{ u"a|70|2"_s });

    // Several rows, one conflicting.
    QORM_VERIFY_RESULT(
            db.execute(insert(counters)
                               .values(QList<QVariantMap>{ row(u"a"_s, 8, 1), row(u"b"_s, 9, 1) })
                               .onConflictDoUpdate({ u"key"_s }, QStringList{ u"value"_s })));
    COMPARE_ROWS(select(counters).orderBy({ counters[u"key"_s] }),
                 (QStringList{ u"a|8|2"_s, u"b|9|1"_s }));
}

void tst_Statements::updateWithExpressionAndOnUpdate()
{
    QFETCH(QString, database);
    FIXTURE(database);
    const QDateTime stamp(QDate(2025, 5, 6), QTime(7, 8, 9, 10), Qt::UTC);
    ColumnOptions counterOptions;
    counterOptions.nullable = false;
    counterOptions.defaultValue = 0;
    ColumnOptions touchedOptions;
    touchedOptions.defaultValue = QVariant(u"new"_s);
    touchedOptions.onUpdate = QVariant(u"updated"_s);
    ColumnOptions stampOptions;
    stampOptions.onUpdate =
            ColumnDefault(std::function<QVariant()>([stamp] { return QVariant(stamp); }));
    ColumnOptions serverStampOptions;
    serverStampOptions.onUpdate = ColumnDefault(Function::now());
    MetaData metadata;
    const Table pages(metadata, u"pages"_s,
                      { Column(u"id"_s, SqlType::integer(), { .primaryKey = true }),
                        Column(u"counter"_s, SqlType::integer(), counterOptions),
                        Column(u"touched"_s, SqlType::string(20), touchedOptions),
                        Column(u"stamp"_s, SqlType::dateTime(), stampOptions),
                        Column(u"server_stamp"_s, SqlType::dateTime(), serverStampOptions) });
    QVERIFY2(metadata.createAll(db), qPrintable(Test::describe(db.lastError())));
    QORM_VERIFY_RESULT(db.execute(insert(pages).values(
            QList<QVariantMap>{ { { u"id"_s, 1 } }, { { u"id"_s, 2 } }, { { u"id"_s, 3 } } })));
    COMPARE_ROWS(
            select({ pages[u"id"_s], pages[u"counter"_s], pages[u"touched"_s], pages[u"stamp"_s] })
                    .orderBy({ pages[u"id"_s] }),
            (QStringList{ u"1|0|new|-"_s, u"2|0|new|-"_s, u"3|0|new|-"_s }));

    Result updated = db.execute(
            update(pages).set(u"counter"_s, pages[u"counter"_s] + 1).where(pages[u"id"_s] != 2));
    QORM_VERIFY_RESULT(updated);
    QCOMPARE(updated.numRowsAffected(), 2);
    updated = db.execute(
            update(pages).set(u"counter"_s, pages[u"counter"_s] + 1).where(pages[u"id"_s] == 1));
    QORM_VERIFY_RESULT(updated);
    QCOMPARE(updated.numRowsAffected(), 1);

    Result rows = db.execute(select({ pages[u"id"_s], pages[u"counter"_s], pages[u"touched"_s],
                                      pages[u"stamp"_s], pages[u"server_stamp"_s] })
                                     .orderBy({ pages[u"id"_s] }));
    QORM_VERIFY_RESULT(rows);
    const QList<Row> read = rows.all();
    QCOMPARE(read.size(), 3);
    QCOMPARE(read.at(0).value(1).toInt(), 2);
    QCOMPARE(read.at(1).value(1).toInt(), 0);
    QCOMPARE(read.at(2).value(1).toInt(), 1);
    // The onupdate values applied to the updated rows only.
    QCOMPARE(read.at(0).value(2).toString(), u"updated"_s);
    QCOMPARE(read.at(1).value(2).toString(), u"new"_s);
    QCOMPARE(read.at(2).value(2).toString(), u"updated"_s);
    QCOMPARE(read.at(0).value(3).toDateTime(), stamp);
    QVERIFY(read.at(1).isNull(3));
    QCOMPARE(read.at(2).value(3).toDateTime(), stamp);
    QVERIFY(read.at(0).value(4).toDateTime().isValid());
    QVERIFY(std::abs(read.at(0).value(4).toDateTime().secsTo(QDateTime::currentDateTimeUtc()))
            < 24 * 3600);
    QVERIFY(read.at(1).isNull(4));

    // An explicit value wins over onupdate.
    QORM_VERIFY_RESULT(db.execute(update(pages)
                                          .set(QVariantMap{ { u"touched"_s, u"explicit"_s } })
                                          .where(pages[u"id"_s] == 2)));
    COMPARE_ROWS(select({ pages[u"touched"_s] }).where(pages[u"id"_s] == 2),
                 QStringList{ u"explicit"_s });

    // Matched rows are counted even when nothing changes (found rows on MariaDB too).
    Result same = db.execute(
            update(pages).set(u"counter"_s, pages[u"counter"_s]).where(pages[u"id"_s] == 2));
    QORM_VERIFY_RESULT(same);
    QCOMPARE(same.numRowsAffected(), 1);
}

// UPDATE ... RETURNING: SQLite and PostgreSQL; MariaDB has none (refused, nothing sent).
void tst_Statements::updateReturning()
{
    QFETCH(QString, database);
    FIXTURE(database);
    const Update raise = update(employees)
                                 .set(u"salary"_s, employees[u"salary"_s] + 10)
                                 .where(employees[u"department_id"_s] == 2)
                                 .returning({ employees[u"name"_s], employees[u"salary"_s] });
    if (!db.dialect().supportsReturning(Statement::UpdateStatement)) {
        QCOMPARE(database, u"mariadb"_s);
        Test::SqlRecorder recorder(db);
        Result result = db.execute(raise);
        QVERIFY(!result.isValid());
        QCOMPARE(result.error().type(), Error::UnsupportedFeatureError);
        QCOMPARE(recorder.count(), 0);
        return;
    }
    Result result = db.execute(raise);
    QORM_VERIFY_RESULT(result);
    QStringList rows = texts(result);
    rows.sort();
    QCOMPARE(rows, (QStringList{ u"Dave|140"_s, u"Eve|-"_s }));
}

void tst_Statements::deleteReturning()
{
    QFETCH(QString, database);
    FIXTURE(database);
    QVERIFY(db.dialect().supportsReturning(Statement::DeleteStatement));
    // Frank is nobody's manager; delete him and get him back.
    Result result = db.execute(deleteFrom(employees)
                                       .where(employees[u"salary"_s] < 100)
                                       .returning({ employees[u"id"_s], employees[u"name"_s] }));
    QORM_VERIFY_RESULT(result);
    QCOMPARE(texts(result), QStringList{ u"6|Frank"_s });
    QCOMPARE(result.numRowsAffected(), 1);
    COMPARE_ROWS(select({ Function::count() }).from(employees), QStringList{ u"5"_s });

    // Deleting nothing returns no rows.
    Result none = db.execute(deleteFrom(employees)
                                     .where(employees[u"id"_s] == 99)
                                     .returning({ employees[u"id"_s] }));
    QORM_VERIFY_RESULT(none);
    QCOMPARE(none.all().size(), 0);

    // A plain DELETE counts its rows.
    Result plain = db.execute(deleteFrom(departments).where(departments[u"name"_s] == u"Empty"_s));
    QORM_VERIFY_RESULT(plain);
    QCOMPARE(plain.numRowsAffected(), 1);
}

void tst_Statements::textSqlWithParameters()
{
    QFETCH(QString, database);
    FIXTURE(database);

    // Named parameters, one of them used twice, bound in the statement.
    COMPARE_ROWS(TextSql(u"SELECT name FROM employees WHERE salary > :min AND (department_id = "
                         u":department "
                         "OR salary > :min + 60) ORDER BY id"_s)
                         .bind(u"min"_s, 125)
                         .bind(u"department"_s, 2),
                 (QStringList{ u"Alice"_s, u"Dave"_s }));
    // Bound when executing.
    Result later = db.execute(TextSql(u"SELECT count(*) FROM employees WHERE name = :name"_s),
                              { { u"name"_s, u"Eve"_s } });
    QORM_VERIFY_RESULT(later);
    QCOMPARE(later.scalar().toInt(), 1);
    // A missing value is an error, and nothing is sent.
    Test::SqlRecorder recorder(db);
    Result missing = db.execute(TextSql(u"SELECT name FROM employees WHERE id = :id"_s));
    QVERIFY(!missing.isValid());
    QCOMPARE(missing.error().type(), Error::InvalidRequestError);
    QCOMPARE(recorder.count(), 0);
    // Declared column types convert the values.
    Result typed = db.execute(TextSql(u"SELECT salary, name FROM employees WHERE id = :id"_s)
                                      .bind(u"id"_s, 1)
                                      .columns({ { u"salary"_s, SqlType::bigInteger() },
                                                 { u"name"_s, SqlType::string() } }));
    QORM_VERIFY_RESULT(typed);
    const Row row = typed.one();
    QVERIFY2(row.isValid(), qPrintable(Test::describe(typed.error())));
    QCOMPARE(row.value(0).metaType(), QMetaType::fromType<qint64>());
    QCOMPARE(row.value(0).toLongLong(), 200);
    QCOMPARE(row.value(u"name"_s).toString(), u"Alice"_s);
    // Text that is not a parameter: a string containing ":x", a PostgreSQL-style cast written
    // portably.
    COMPARE_ROWS(
            TextSql(u"SELECT name FROM employees WHERE name <> ':not_a_parameter' AND id = :id"_s)
                    .bind(u"id"_s, 3),
            QStringList{ u"Carol"_s });
    // DML through text.
    Result changed = db.execute(TextSql(u"UPDATE employees SET salary = :salary WHERE id = :id"_s)
                                        .bind({ { u"salary"_s, 121 }, { u"id"_s, 3 } }));
    QORM_VERIFY_RESULT(changed);
    QCOMPARE(changed.numRowsAffected(), 1);
    // Qorm::parameter() in a built statement, bound when executing; the same compiled shape twice.
    const Select bySalary = select({ employees[u"name"_s] })
                                    .where(employees[u"salary"_s] == parameter(u"salary"_s));
    Result bob = db.execute(bySalary, { { u"salary"_s, 150 } });
    QORM_VERIFY_RESULT(bob);
    QCOMPARE(texts(bob), QStringList{ u"Bob"_s });
    Result carol = db.execute(bySalary, { { u"salary"_s, 121 } });
    QORM_VERIFY_RESULT(carol);
    QCOMPARE(texts(carol), QStringList{ u"Carol"_s });
    recorder.clear();
    Result unbound = db.execute(bySalary);
    QVERIFY(!unbound.isValid());
    QCOMPARE(unbound.error().type(), Error::InvalidRequestError);
    QCOMPARE(recorder.count(), 0);
}

void tst_Statements::castCaseCoalesce()
{
    QFETCH(QString, database);
    FIXTURE(database);
    const Expression salary = employees[u"salary"_s];
    COMPARE_ROWS(select({ cast(salary, SqlType::string(10)).label(u"text"_s),
                          cast(literal(u"42"_s, SqlType::string()), SqlType::integer())
                                  .label(u"number"_s),
                          cast(salary, SqlType::doublePrecision()) / 4 })
                         .where(employees[u"id"_s] == 2),
                 QStringList{ u"150|42|37.5"_s });
    Result typed =
            db.execute(select({ cast(salary, SqlType::string(10)),
                                cast(literal(u"42"_s, SqlType::string()), SqlType::integer()) })
                               .where(employees[u"id"_s] == 2));
    QORM_VERIFY_RESULT(typed);
    const Row row = typed.one();
    QCOMPARE(row.value(0).metaType(), QMetaType::fromType<QString>());
    QCOMPARE(row.value(1).metaType(), QMetaType::fromType<int>());

    // CASE WHEN ... (NULL falls through to ELSE) and CASE value WHEN ...
    COMPARE_ROWS(select({ employees[u"name"_s],
                          caseWhen({ { salary >= 150, literal(u"high"_s) },
                                     { salary >= 100, literal(u"mid"_s) } },
                                   literal(u"low"_s)),
                          caseOf(employees[u"department_id"_s],
                                 { { 1, literal(u"eng"_s) }, { 2, literal(u"sales"_s) } },
                                 literal(u"none"_s)) })
                         .orderBy({ employees[u"id"_s] }),
                 (QStringList{ u"Alice|high|eng"_s, u"Bob|high|eng"_s, u"Carol|mid|eng"_s,
                               u"Dave|mid|sales"_s, u"Eve|low|sales"_s, u"Frank|low|none"_s }));
    // CASE without ELSE gives NULL.
    COMPARE_ROWS(select({ caseWhen({ { salary > 190, literal(u"top"_s) } }) })
                         .orderBy({ employees[u"id"_s] })
                         .limit(2),
                 (QStringList{ u"top"_s, u"-"_s }));

    // coalesce, lower, upper
    COMPARE_ROWS(select({ Function::coalesce({ salary, 0 }), Function::lower(employees[u"name"_s]),
                          Function::upper(employees[u"name"_s]) })
                         .where(employees[u"id"_s].in(QVariantList{ 4, 5 }))
                         .orderBy({ employees[u"id"_s] }),
                 (QStringList{ u"130|dave|DAVE"_s, u"0|eve|EVE"_s }));
    // coalesce of several columns, the first non-NULL.
    COMPARE_ROWS(select({ Function::coalesce(
                                { salary, employees[u"manager_id"_s], employees[u"id"_s] }) })
                         .where(employees[u"id"_s] == 5),
                 QStringList{ u"4"_s });
}

/*
    ILIKE is case-insensitive everywhere (PostgreSQL's ILIKE, lower() LIKE lower() elsewhere).
    LIKE's case sensitivity is the database's: PostgreSQL's is case-sensitive, SQLite's LIKE
    folds ASCII letters, and MariaDB compares with the column's case-insensitive default
    collation (utf8mb4_general_ci).
*/
void tst_Statements::likeAndIlike()
{
    QFETCH(QString, database);
    FIXTURE(database);
    const Expression name = employees[u"name"_s];
    const auto names = [&](const Expression &condition) {
        return select({ name }).where(condition).orderBy({ employees[u"id"_s] });
    };
    COMPARE_ROWS(names(name.ilike(u"a%"_s)), QStringList{ u"Alice"_s });
    COMPARE_ROWS(names(name.ilike(u"%E"_s)), (QStringList{ u"Alice"_s, u"Dave"_s, u"Eve"_s }));
    COMPARE_ROWS(names(name.ilike(u"%AR%"_s)), QStringList{ u"Carol"_s });
    COMPARE_ROWS(names(name.notIlike(u"%e%"_s)), (QStringList{ u"Bob"_s, u"Carol"_s, u"Frank"_s }));
    COMPARE_ROWS(names(name.ilike(u"_O_"_s)), QStringList{ u"Bob"_s });
    // ILIKE with an escaped pattern.
    COMPARE_ROWS(names(name.ilike(Expression::escapeLikePattern(u"EV"_s) + u"%"_s, u'\\')),
                 QStringList{ u"Eve"_s });

    COMPARE_ROWS(names(name.like(u"A%"_s)), QStringList{ u"Alice"_s });
    COMPARE_ROWS(names(name.like(u"%r%"_s)), (QStringList{ u"Carol"_s, u"Frank"_s }));
    if (database == u"postgresql"_s)
        COMPARE_ROWS(names(name.like(u"a%"_s)), QStringList());
    else
        COMPARE_ROWS(names(name.like(u"a%"_s)), QStringList{ u"Alice"_s });

    // Beyond ASCII: SQLite's lower() and LIKE fold ASCII letters only, so its ILIKE does not
    // match 'ÉMILE' with 'émile'; the servers do.
    QORM_VERIFY_RESULT(
            db.execute(insert(employees).values({ { u"id"_s, 7 }, { u"name"_s, u"Émile"_s } })));
    if (database == u"sqlite"_s)
        COMPARE_ROWS(names(name.ilike(u"émile"_s)), QStringList());
    else
        COMPARE_ROWS(names(name.ilike(u"émile"_s)), QStringList{ u"Émile"_s });
    COMPARE_ROWS(names(name.ilike(u"Émile"_s)), QStringList{ u"Émile"_s });
}

void tst_Statements::betweenAndCountDistinct()
{
    QFETCH(QString, database);
    FIXTURE(database);
    const Expression salary = employees[u"salary"_s];
    COMPARE_ROWS(select({ employees[u"name"_s] })
                         .where(salary.between(120, 150))
                         .orderBy({ employees[u"id"_s] }),
                 (QStringList{ u"Bob"_s, u"Carol"_s, u"Dave"_s }));
    // NULL is neither between nor not between.
    COMPARE_ROWS(select({ employees[u"name"_s] })
                         .where(salary.notBetween(120, 150))
                         .orderBy({ employees[u"id"_s] }),
                 (QStringList{ u"Alice"_s, u"Frank"_s }));
    COMPARE_ROWS(select({ employees[u"name"_s] })
                         .where(employees[u"name"_s].between(u"B"_s, u"D"_s))
                         .orderBy({ employees[u"id"_s] }),
                 (QStringList{ u"Bob"_s, u"Carol"_s }));

    Result counts =
            db.execute(select({ Function::count(employees[u"department_id"_s].distinct()),
                                Function::count(employees[u"department_id"_s]), Function::count(),
                                Function::count(employees[u"manager_id"_s].distinct()) }));
    QORM_VERIFY_RESULT(counts);
    QCOMPARE(texts(counts), QStringList{ u"2|5|6|4"_s });
}

void tst_Statements::aggregates()
{
    QFETCH(QString, database);
    FIXTURE(database);
    const Expression salary = employees[u"salary"_s];
    Result result =
            db.execute(select({ Function::sum(salary), Function::min(salary), Function::max(salary),
                                Function::avg(salary), Function::count(salary) }));
    QORM_VERIFY_RESULT(result);
    const Row row = result.one();
    QVERIFY2(row.isValid(), qPrintable(Test::describe(result.error())));
    QCOMPARE(row.value(0).toInt(), 690);
    QCOMPARE(row.value(1).toInt(), 90);
    QCOMPARE(row.value(2).toInt(), 200);
    QCOMPARE(row.value(3).metaType(), QMetaType::fromType<double>());
    QCOMPARE(row.value(3).toDouble(), 138.0);
    QCOMPARE(row.value(4).toLongLong(), 5);
    // Aggregates over no rows: NULL, count 0.
    Result empty =
            db.execute(select({ Function::sum(salary), Function::max(salary), Function::count() })
                               .from(employees)
                               .where(employees[u"id"_s] > 99));
    QORM_VERIFY_RESULT(empty);
    QCOMPARE(texts(empty), QStringList{ u"-|-|0"_s });
    // Arithmetic, abs, length.
    COMPARE_ROWS(
            select({ (salary * 2 - 100) / 10, Function::abs(literal(-5, SqlType::integer())),
                     Function::length(employees[u"name"_s]), employees[u"name"_s].concat(u"!"_s) })
                    .where(employees[u"id"_s] == 1),
            QStringList{ u"30|5|5|Alice!"_s });
}

QTEST_GUILESS_MAIN(tst_Statements)

#include "tst_statements.moc"
