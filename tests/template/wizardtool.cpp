// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT

// wizardtool: checks and expands a Qt Creator JSON wizard (wizard.json version 1) the way
// Qt Creator 9 does, for the tests of templates/qtcreator (tests/template/CMakeLists.txt).
//
//   wizardtool validate WIZARD_DIR
//       wizard.json's structure (keys, pages, fields, generators), that every source exists
//       and every file of the folder is used, that every %{Name} (and value('Name') in
//       %{JS: ...}) is defined, then expands every combination of ComboBox and CheckBox values.
//   wizardtool expand WIZARD_DIR PARENT_DIR PROJECT_NAME [Field=value...]
//       writes the project to PARENT_DIR/PROJECT_NAME as the wizard's Finish would.
//   wizardtool qtcreator QTCREATOR (--templates-path DIR | --settings-path DIR) WIZARD_DIR...
//       starts Qt Creator offscreen with -customwizard-verbose, and either
//       QTCREATOR_TEMPLATES_PATH=DIR and a new settings folder, or -settingspath DIR (whose
//       QtProject/qtcreator/templates/wizards holds the user's wizards). Requires
//       "Configuration found and parsed." and nothing else for each WIZARD_DIR. Waits for that
//       output (60 s at most), then stops Qt Creator.
//
// The expansion follows Qt Creator's sources (Utils::MacroExpander, Utils::TemplateEngine,
// ProjectExplorer::JsonWizard, JsonWizardFileGenerator, JsonFieldPage):
// - %{Name}: a field, an option or a built-in (ProjectName, ProjectDirectory, Plugins, ...);
//   options are expanded when read, as JsonWizard::value() does. Nested %{...} inside a macro
//   are expanded first.
// - %{JS: expr}: evaluated by QJSEngine, with value('Name') giving the expanded value.
// - a file's text: macros expanded up to 5 times until stable, then the @if/@elsif/@else/
//   @endif preprocessor (each expression evaluated by a fresh QJSEngine), then the escapes
//   (\n, \t, \<newline> joins lines, \x gives x).
// - conditions (files, options): false when the expanded text is empty or "false".
// - field defaults: LineEdit trText, ComboBox items[index] (value, else trKey), CheckBox
//   checked ? checkedValue : uncheckedValue ("true"/"false" by default), PathChooser path.
// Not done: Qt Creator re-indents the C++ files it generates with its code style
// (JsonWizardGenerator::formatFile); tests/template/gui_create_project.py compares a real
// Qt Creator's files with this tool's line by line, leading whitespace aside.
// Not supported (refused by validate): other macro prefixes (Env:, Cwd:, ...), Util.* and
// Cpp.* in JS, %{Name:-default} forms, generators other than File, field types other than
// Label, Spacer, LineEdit, TextEdit, PathChooser, CheckBox and ComboBox.

#include <QtCore/QCoreApplication>
#include <QtCore/QDeadlineTimer>
#include <QtCore/QDir>
#include <QtCore/QDirIterator>
#include <QtCore/QFile>
#include <QtCore/QFileInfo>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QProcess>
#include <QtCore/QRegularExpression>
#include <QtCore/QSet>
#include <QtCore/QStack>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTextStream>
#include <QtQml/QJSEngine>

#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream &err()
{
    static QTextStream stream(stderr);
    return stream;
}

// Built-in variables that the wizard itself provides.
const QStringList &builtins()
{
    static const QStringList names = { u"ProjectName"_s,  u"ProjectDirectory"_s, u"Plugins"_s,
                                       u"IsSubproject"_s, u"InitialPath"_s,      u"TargetPath"_s,
                                       u"Features"_s,     u"Platform"_s };
    return names;
}

const QStringList knownPageTypes = { u"Project"_s,          u"Fields"_s,     u"Kits"_s,
                                     u"Summary"_s,          u"File"_s,       u"Form"_s,
                                     u"VcsConfiguration"_s, u"VcsCommand"_s, u"QtTranslation"_s };
const QStringList supportedFieldTypes = { u"Label"_s,    u"Spacer"_s,      u"LineEdit"_s,
                                          u"TextEdit"_s, u"PathChooser"_s, u"CheckBox"_s,
                                          u"ComboBox"_s };

struct Option
{
    QString key;
    QString value;
    QJsonValue condition = true;
};

struct Field
{
    QString name;
    QString type;
    QJsonObject data;
    QString defaultValue; // unexpanded
    QStringList choices;  // ComboBox values, CheckBox checked/unchecked values
};

// wizard.json, read and checked.
struct Wizard
{
    QString dir;
    QJsonObject json;
    QList<Option> options;
    QList<Field> fields;
    QList<QJsonObject> files; // the File generators' entries
    QStringList errors;

    bool load(const QString &directory);
};

QList<Option> readOptions(const QJsonValue &value, QStringList *errors, const QString &where)
{
    QList<Option> options;
    if (value.isUndefined())
        return options;
    const QJsonArray array = value.isArray() ? value.toArray() : QJsonArray{ value };
    for (const QJsonValue &item : array) {
        const QJsonObject object = item.toObject();
        if (object.value(u"key"_s).toString().isEmpty() || !object.contains(u"value"_s)) {
            *errors << u"%1: an option needs \"key\" and \"value\""_s.arg(where);
            continue;
        }
        options << Option{ object.value(u"key"_s).toString(),
                           object.value(u"value"_s).toVariant().toString(),
                           object.contains(u"condition"_s) ? object.value(u"condition"_s)
                                                           : QJsonValue(true) };
    }
    return options;
}

bool Wizard::load(const QString &directory)
{
    dir = QDir(directory).absolutePath();
    QFile file(dir + u"/wizard.json"_s);
    if (!file.open(QIODevice::ReadOnly)) {
        errors << u"cannot read %1"_s.arg(file.fileName());
        return false;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (!document.isObject()) {
        errors << u"wizard.json: %1 at offset %2"_s.arg(parseError.errorString())
                          .arg(parseError.offset);
        return false;
    }
    json = document.object();

    if (json.value(u"version"_s).toInt(-1) != 1)
        errors << u"wizard.json: \"version\" must be 1"_s;
    for (const QString &key : { u"id"_s, u"category"_s, u"trDisplayName"_s, u"trDisplayCategory"_s,
                                u"trDescription"_s }) {
        if (json.value(key).toString().trimmed().isEmpty())
            errors << u"wizard.json: \"%1\" is missing or empty"_s.arg(key);
    }
    const QJsonArray projectTypes = json.value(u"supportedProjectTypes"_s).toArray();
    if (!projectTypes.contains(u"CMakeProjectManager.CMakeProject"_s))
        errors << u"wizard.json: \"supportedProjectTypes\" does not name CMake"_s;
    if (json.contains(u"icon"_s)
        && !QFileInfo::exists(dir + u'/' + json.value(u"icon"_s).toString()))
        errors << u"wizard.json: the icon %1 does not exist"_s.arg(
                json.value(u"icon"_s).toString());
    options = readOptions(json.value(u"options"_s), &errors, u"wizard.json"_s);

    const QJsonArray pages = json.value(u"pages"_s).toArray();
    if (pages.isEmpty())
        errors << u"wizard.json: no \"pages\""_s;
    QSet<QString> pageTypes;
    for (const QJsonValue &pageValue : pages) {
        const QJsonObject page = pageValue.toObject();
        const QString typeId = page.value(u"typeId"_s).toString();
        if (!knownPageTypes.contains(typeId)) {
            errors << u"wizard.json: page typeId \"%1\" is unknown (known: %2)"_s.arg(
                    typeId, knownPageTypes.join(u", "_s));
            continue;
        }
        pageTypes.insert(typeId);
        if (page.value(u"trDisplayName"_s).toString().isEmpty())
            errors << u"wizard.json: the %1 page has no trDisplayName"_s.arg(typeId);
        if (typeId != u"Fields")
            continue;
        const QJsonArray fieldArray = page.value(u"data"_s).toArray();
        if (fieldArray.isEmpty())
            errors << u"wizard.json: a Fields page without fields"_s;
        for (const QJsonValue &fieldValue : fieldArray) {
            const QJsonObject object = fieldValue.toObject();
            Field field{ object.value(u"name"_s).toString(),
                         object.value(u"type"_s).toString(),
                         object.value(u"data"_s).toObject(),
                         {},
                         {} };
            const QString where = u"wizard.json: field \"%1\""_s.arg(field.name);
            if (field.name.isEmpty())
                errors << u"wizard.json: a field without a name"_s;
            for (const Field &other : std::as_const(fields)) {
                if (other.name == field.name)
                    errors << where + u" is defined twice"_s;
            }
            if (!supportedFieldTypes.contains(field.type)) {
                errors << where + u": type \"%1\" is not supported"_s.arg(field.type);
                continue;
            }
            const bool hasLabel = !object.value(u"trDisplayName"_s).toString().isEmpty();
            if (field.type == u"LineEdit" || field.type == u"TextEdit") {
                field.defaultValue = field.data.value(u"trText"_s).toString();
                const QString validator = field.data.value(u"validator"_s).toString();
                if (!validator.isEmpty() && !QRegularExpression(validator).isValid())
                    errors << where + u": the validator is not a valid expression"_s;
            } else if (field.type == u"PathChooser") {
                field.defaultValue = field.data.value(u"path"_s).toString();
            } else if (field.type == u"CheckBox") {
                const QString checked = field.data.value(u"checkedValue"_s).toVariant().toString();
                const QString unchecked =
                        field.data.value(u"uncheckedValue"_s).toVariant().toString();
                field.choices = { field.data.contains(u"checkedValue"_s) ? checked : u"true"_s,
                                  field.data.contains(u"uncheckedValue"_s) ? unchecked
                                                                           : u"false"_s };
                if (field.choices.at(0) == field.choices.at(1))
                    errors << where + u": checked and unchecked values are identical"_s;
                field.defaultValue = field.data.value(u"checked"_s).toBool() ? field.choices.at(0)
                                                                             : field.choices.at(1);
            } else if (field.type == u"ComboBox") {
                const QJsonArray items = field.data.value(u"items"_s).toArray();
                for (const QJsonValue &item : items) {
                    field.choices
                            << (item.isObject()
                                        ? item.toObject().value(u"value"_s).toVariant().toString()
                                        : item.toString());
                    if (item.isObject() && item.toObject().value(u"trKey"_s).toString().isEmpty())
                        errors << where + u": an item without trKey"_s;
                }
                const int index = field.data.value(u"index"_s).toInt(0);
                if (field.choices.isEmpty())
                    errors << where + u": no items"_s;
                else if (index < 0 || index >= field.choices.size())
                    errors << where + u": index %1 is out of range"_s.arg(index);
                else
                    field.defaultValue = field.choices.at(index);
                if (QSet<QString>(field.choices.begin(), field.choices.end()).size()
                    != field.choices.size())
                    errors << where + u": two items have the same value"_s;
            }
            if (!hasLabel && field.type != u"Label" && field.type != u"Spacer"
                && field.type != u"CheckBox")
                errors << where + u" has no trDisplayName"_s;
            if (field.type == u"CheckBox" && !hasLabel)
                errors << where + u" has no trDisplayName"_s;
            fields << field;
        }
    }
    for (const QString &required : { u"Project"_s, u"Kits"_s, u"Summary"_s }) {
        if (!pageTypes.contains(required))
            errors << u"wizard.json: no %1 page"_s.arg(required);
    }

    const QJsonArray generators = json.value(u"generators"_s).toArray();
    if (generators.isEmpty())
        errors << u"wizard.json: no \"generators\""_s;
    for (const QJsonValue &generatorValue : generators) {
        const QJsonObject generator = generatorValue.toObject();
        const QString typeId = generator.value(u"typeId"_s).toString();
        if (typeId != u"File") {
            errors << u"wizard.json: generator typeId \"%1\" is not supported (File)"_s.arg(typeId);
            continue;
        }
        const QJsonValue data = generator.value(u"data"_s);
        const QJsonArray entries = data.isArray() ? data.toArray() : QJsonArray{ data };
        for (const QJsonValue &entry : entries) {
            const QJsonObject object = entry.toObject();
            if (object.value(u"source"_s).toString().isEmpty()) {
                errors << u"wizard.json: a File entry without \"source\""_s;
                continue;
            }
            files << object;
        }
    }
    if (files.isEmpty())
        errors << u"wizard.json: the File generator has no files"_s;
    return errors.isEmpty();
}

// Utils::MacroExpander + JsonWizard's values, for one set of field values.
class Expander : public QObject
{
    Q_OBJECT
public:
    Expander(const Wizard &wizard, const QString &projectName, const QString &projectDirectory,
             const QHash<QString, QString> &fieldValues)
        : m_fieldValues(fieldValues)
    {
        m_builtins.insert(u"ProjectName"_s, projectName);
        m_builtins.insert(u"ProjectDirectory"_s, projectDirectory);
        m_builtins.insert(u"TargetPath"_s, projectDirectory);
        m_builtins.insert(u"InitialPath"_s, QFileInfo(projectDirectory).path());
        m_builtins.insert(u"Plugins"_s, u"CMakeProjectManager,ProjectExplorer,QtSupport"_s);
        m_builtins.insert(u"IsSubproject"_s, u"false"_s);
        // newQObject() would give the engine ownership of an object without a parent.
        QJSEngine::setObjectOwnership(this, QJSEngine::CppOwnership);
        m_js.globalObject().setProperty(u"__wizard"_s, m_js.newQObject(this));
        m_js.evaluate(u"function value(name) { return __wizard.value(name); }"_s);
        for (const Option &option : wizard.options) {
            if (condition(option.condition))
                m_options.insert(option.key, option.value);
        }
    }

    QStringList errors;

    Q_INVOKABLE QString value(const QString &name)
    {
        QString result;
        if (!resolve(name, &result))
            errors << u"value('%1'): not defined"_s.arg(name);
        return result;
    }

    bool resolve(const QString &name, QString *result)
    {
        if (!m_fileOptions.isEmpty() && m_fileOptions.top().contains(name)) {
            *result = m_fileOptions.top().value(name);
            return true;
        }
        if (++m_depth > 20) {
            --m_depth;
            errors << u"%{%1}: recursion too deep"_s.arg(name);
            return false;
        }
        bool found = true;
        if (m_fieldValues.contains(name))
            *result = expand(m_fieldValues.value(name));
        else if (m_options.contains(name))
            *result = expand(m_options.value(name));
        else if (m_builtins.contains(name))
            *result = m_builtins.value(name);
        else
            found = false;
        --m_depth;
        return found;
    }

    // One pass over text: each %{...} (nested ones first) replaced.
    QString expand(const QString &text)
    {
        QString result;
        qsizetype at = 0;
        while (true) {
            const qsizetype start = text.indexOf(u"%{"_s, at);
            if (start < 0)
                break;
            qsizetype end = start + 2;
            int depth = 1;
            for (; end < text.size() && depth > 0; ++end) {
                if (text.at(end) == u'{')
                    ++depth;
                else if (text.at(end) == u'}')
                    --depth;
            }
            if (depth > 0) {
                errors << u"unterminated %{ in \"%1\""_s.arg(text.mid(start, 40));
                break;
            }
            result += text.mid(at, start - at);
            const QString inner = expand(text.mid(start + 2, end - start - 3));
            result += resolveMacro(inner, text.mid(start, end - start));
            at = end;
        }
        result += text.mid(at);
        return result;
    }

    // JsonWizard::boolFromVariant().
    bool condition(const QJsonValue &value)
    {
        if (value.isUndefined() || value.isNull())
            return true;
        if (value.isString()) {
            const QString expanded = expand(value.toString());
            return !(expanded.isEmpty() || expanded == u"false");
        }
        return value.toVariant().toBool();
    }

    void pushFileOptions(const QList<Option> &options)
    {
        QHash<QString, QString> values;
        for (const Option &option : options) {
            if (condition(option.condition))
                values.insert(option.key, expand(option.value));
        }
        m_fileOptions.push(values);
    }
    void popFileOptions() { m_fileOptions.pop(); }

private:
    QString resolveMacro(const QString &inner, const QString &original)
    {
        if (inner.startsWith(u"JS:")) {
            const QJSValue value = m_js.evaluate(inner.mid(3).trimmed());
            if (value.isError()) {
                errors << u"%1: %2"_s.arg(original, value.toString());
                return original;
            }
            return value.toString();
        }
        QString value;
        if (!resolve(inner, &value)) {
            errors << u"%1 is not defined"_s.arg(original);
            return original;
        }
        return value;
    }

    QHash<QString, QString> m_fieldValues;
    QHash<QString, QString> m_options;
    QHash<QString, QString> m_builtins;
    QStack<QHash<QString, QString>> m_fileOptions;
    QJSEngine m_js;
    int m_depth = 0;
};

// Utils::TemplateEngine::preprocessText(): @if/@elsif/@else/@endif, expressions in JS.
bool preprocess(const QString &in, QString *output, QString *error)
{
    enum Section { If, Elsif, Else, Other };
    struct Entry
    {
        Section section;
        bool parentEnabled;
        bool condition;
        bool anyMatched;
    };
    static const QRegularExpression ifPattern(u"^(\\s*@\\s*if\\s*)(.*)$"_s);
    static const QRegularExpression elsifPattern(u"^(\\s*@\\s*elsif\\s*)(.*)$"_s);
    static const QRegularExpression elsePattern(u"^\\s*@\\s*else.*$"_s);
    static const QRegularExpression endifPattern(u"^\\s*@\\s*endif.*$"_s);
    QJSEngine engine;
    const auto evaluate = [&](const QString &expression, int line, const char *what, bool *result) {
        const QJSValue value = engine.evaluate(expression);
        if (value.isError()) {
            *error = u"Error in %1 at %2: \"%3\": %4"_s.arg(QLatin1StringView(what))
                             .arg(line)
                             .arg(expression, value.toString());
            return false;
        }
        if (value.isBool())
            *result = value.toBool();
        else if (value.isNumber())
            *result = !qFuzzyCompare(value.toNumber(), 0);
        else if (value.isString())
            *result = !value.toString().isEmpty();
        else {
            *error = u"Cannot convert the result of \"%1\" to bool at %2"_s.arg(expression)
                             .arg(line);
            return false;
        }
        return true;
    };

    output->clear();
    if (in.isEmpty())
        return true;
    QStack<Entry> stack;
    stack.push({ Other, true, true, false });
    bool first = true;
    const QStringList lines = in.split(u'\n');
    for (int l = 0; l < lines.size(); ++l) {
        if (stack.isEmpty()) {
            *error = u"Unmatched '@endif' at line %1."_s.arg(l);
            return false;
        }
        Entry &top = stack.top();
        const QString &line = lines.at(l);
        bool value = false;
        QRegularExpressionMatch match;
        if ((match = ifPattern.match(line)).hasMatch()) {
            if (top.condition && !evaluate(match.captured(2).trimmed(), l + 1, "@if", &value))
                return false;
            stack.push({ If, top.condition, value, value });
        } else if ((match = elsifPattern.match(line)).hasMatch()) {
            if (top.section != If && top.section != Elsif) {
                *error = u"No preceding @if found for @elsif at %1"_s.arg(l + 1);
                return false;
            }
            if (top.parentEnabled
                && !evaluate(match.captured(2).trimmed(), l + 1, "@elsif", &value))
                return false;
            top.section = Elsif;
            if (top.anyMatched) {
                top.condition = false;
            } else {
                top.condition = value;
                top.anyMatched = value;
            }
        } else if (elsePattern.match(line).hasMatch()) {
            if (top.section != If && top.section != Elsif) {
                *error = u"No preceding @if/@elsif found for @else at %1"_s.arg(l + 1);
                return false;
            }
            top.condition = top.parentEnabled && !top.anyMatched;
            top.section = Else;
        } else if (endifPattern.match(line).hasMatch()) {
            stack.pop();
        } else if (top.condition) {
            if (!first)
                output->append(u'\n');
            first = false;
            output->append(line);
        }
    }
    if (stack.size() != 1) {
        *error = u"%1 @if without @endif"_s.arg(stack.size() - 1);
        return false;
    }
    return true;
}

// Utils::TemplateEngine::processText().
bool processText(Expander &expander, const QString &input, QString *result, QString *error)
{
    QString in = input;
    QString previous;
    for (int i = 0; i < 5 && in != previous; ++i) {
        previous = in;
        in = expander.expand(previous);
    }
    QString preprocessed;
    if (!preprocess(in, &preprocessed, error))
        return false;
    result->clear();
    bool escaped = false;
    for (const QChar c : std::as_const(preprocessed)) {
        if (escaped) {
            if (c == u'n')
                result->append(u'\n');
            else if (c == u't')
                result->append(u'\t');
            else if (c != u'\n')
                result->append(c);
            escaped = false;
        } else if (c == u'\\') {
            escaped = true;
        } else {
            result->append(c);
        }
    }
    return true;
}

QString readText(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = u"cannot read %1: %2"_s.arg(path, file.errorString());
        return {};
    }
    return QString::fromUtf8(file.readAll());
}

// JsonWizardFileGenerator: the files of one expansion, target path -> contents.
bool generate(const Wizard &wizard, const QString &projectName, const QString &parentDir,
              const QHash<QString, QString> &fieldValues, QMap<QString, QByteArray> *files,
              QStringList *errors)
{
    const QString projectDirectory = QDir(parentDir).absoluteFilePath(projectName);
    Expander expander(wizard, projectName, projectDirectory, fieldValues);
    for (const QJsonObject &entry : wizard.files) {
        if (!expander.condition(entry.value(u"condition"_s)))
            continue;
        const QString source = expander.expand(entry.value(u"source"_s).toString());
        const QString target = entry.contains(u"target"_s)
                ? expander.expand(entry.value(u"target"_s).toString())
                : source;
        const QString targetPath = QDir::cleanPath(projectDirectory + u'/' + target);
        if (!targetPath.startsWith(projectDirectory + u'/')) {
            *errors << u"%1: the target %2 is outside the project"_s.arg(source, target);
            continue;
        }
        if (files->contains(targetPath)) {
            *errors << u"%1: two files generate %2"_s.arg(source, target);
            continue;
        }
        QString error;
        const QString text = readText(wizard.dir + u'/' + source, &error);
        if (!error.isEmpty()) {
            *errors << error;
            continue;
        }
        if (expander.condition(entry.value(u"isBinary"_s).isUndefined()
                                       ? QJsonValue(false)
                                       : entry.value(u"isBinary"_s))) {
            QFile binary(wizard.dir + u'/' + source);
            (void)binary.open(QIODevice::ReadOnly);
            files->insert(targetPath, binary.readAll());
            continue;
        }
        expander.pushFileOptions(readOptions(entry.value(u"options"_s), errors, source));
        QString processed;
        if (!processText(expander, text, &processed, &error))
            *errors << u"When processing \"%1\": %2"_s.arg(source, error);
        expander.popFileOptions();
        if (processed.contains(u"%{"_s))
            *errors << u"%1: an unexpanded %{ is left in %2"_s.arg(source, target);
        files->insert(targetPath, processed.toUtf8());
    }
    for (const QString &error : std::as_const(expander.errors))
        *errors << error;
    errors->removeDuplicates();
    return errors->isEmpty();
}

// The macro names a text uses: %{Name} and value('Name') inside %{JS: ...}.
void collectNames(const QString &text, QSet<QString> *names, QStringList *unsupported)
{
    static const QRegularExpression valueCall(u"value\\(\\s*['\"]([^'\"]+)['\"]\\s*\\)"_s);
    static const QRegularExpression helper(u"\\b(Util|Cpp|Env|Cwd)\\s*[.:]"_s);
    qsizetype at = 0;
    while ((at = text.indexOf(u"%{"_s, at)) >= 0) {
        qsizetype end = at + 2;
        int depth = 1;
        for (; end < text.size() && depth > 0; ++end) {
            if (text.at(end) == u'{')
                ++depth;
            else if (text.at(end) == u'}')
                --depth;
        }
        const QString inner = text.mid(at + 2, end - at - 3);
        if (inner.startsWith(u"JS:")) {
            auto it = valueCall.globalMatch(inner);
            while (it.hasNext())
                names->insert(it.next().captured(1));
            if (helper.match(inner).hasMatch())
                *unsupported << u"%{"_s + inner + u'}';
            collectNames(inner, names, unsupported);
        } else if (inner.contains(u"%{"_s)) {
            collectNames(inner, names, unsupported);
        } else if (inner.contains(u':')) {
            *unsupported << u"%{"_s + inner + u'}';
        } else {
            names->insert(inner);
        }
        at = end;
    }
}

void collectStrings(const QJsonValue &value, QStringList *strings)
{
    if (value.isString()) {
        *strings << value.toString();
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectStrings(item, strings);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            collectStrings(it.value(), strings);
    }
}

int validate(const QString &dir)
{
    Wizard wizard;
    wizard.load(dir);
    QStringList errors = wizard.errors;
    if (wizard.json.isEmpty()) {
        for (const QString &error : std::as_const(errors))
            err() << "FAIL: " << error << Qt::endl;
        return 1;
    }

    // Every source exists, and every file of the folder is a source (or the icon).
    QSet<QString> used{ u"wizard.json"_s };
    if (wizard.json.contains(u"icon"_s))
        used.insert(QDir::cleanPath(wizard.json.value(u"icon"_s).toString()));
    for (const QJsonObject &entry : std::as_const(wizard.files)) {
        const QString source = entry.value(u"source"_s).toString();
        if (source.contains(u"%{"_s))
            errors << u"source \"%1\": a computed source cannot be checked"_s.arg(source);
        else if (!QFileInfo(wizard.dir + u'/' + source).isFile())
            errors << u"source \"%1\" does not exist"_s.arg(source);
        used.insert(QDir::cleanPath(source));
    }
    QDirIterator files(wizard.dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString relative = QDir(wizard.dir).relativeFilePath(files.next());
        if (!used.contains(relative))
            errors << u"%1 is in the wizard's folder but no generator uses it"_s.arg(relative);
    }

    // Every name used is defined.
    QSet<QString> defined(builtins().begin(), builtins().end());
    for (const Field &field : std::as_const(wizard.fields))
        defined.insert(field.name);
    for (const Option &option : std::as_const(wizard.options))
        defined.insert(option.key);
    QStringList texts;
    collectStrings(wizard.json, &texts);
    QHash<QString, QString> textOrigin;
    for (const QJsonObject &entry : std::as_const(wizard.files)) {
        for (const Option &option : readOptions(entry.value(u"options"_s), &errors, {}))
            defined.insert(option.key);
        QString error;
        const QString source = entry.value(u"source"_s).toString();
        const QString text = readText(wizard.dir + u'/' + source, &error);
        if (error.isEmpty())
            textOrigin.insert(source, text);
    }
    QSet<QString> names;
    QStringList unsupported;
    for (const QString &text : std::as_const(texts))
        collectNames(text, &names, &unsupported);
    for (auto it = textOrigin.cbegin(); it != textOrigin.cend(); ++it) {
        QSet<QString> fileNames;
        collectNames(it.value(), &fileNames, &unsupported);
        for (const QString &name : std::as_const(fileNames)) {
            if (!defined.contains(name))
                errors << u"%1: %{%2} is not defined (no field, option or built-in)"_s.arg(it.key(),
                                                                                           name);
        }
    }
    for (const QString &name : std::as_const(names)) {
        if (!defined.contains(name))
            errors << u"wizard.json: %{%1} is not defined (no field, option or built-in)"_s.arg(
                    name);
    }
    unsupported.removeDuplicates();
    for (const QString &macro : std::as_const(unsupported))
        errors << u"%1 is not supported by this expander"_s.arg(macro);

    // Every combination of the choice fields expands cleanly.
    int combinations = 0;
    if (errors.isEmpty()) {
        QList<const Field *> choices;
        QHash<QString, QString> defaults;
        for (const Field &field : std::as_const(wizard.fields)) {
            if (!field.choices.isEmpty())
                choices << &field;
            if (field.type != u"Label" && field.type != u"Spacer")
                defaults.insert(field.name, field.defaultValue);
        }
        QTemporaryDir parent;
        std::function<void(int, QHash<QString, QString>)> expandAll =
                [&](int index, QHash<QString, QString> values) {
                    if (index == choices.size()) {
                        QMap<QString, QByteArray> generated;
                        QStringList expansionErrors;
                        ++combinations;
                        if (!generate(wizard, u"Check_Project1"_s, parent.path(), values,
                                      &generated, &expansionErrors)) {
                            QStringList described;
                            for (const Field *field : std::as_const(choices))
                                described << field->name + u'=' + values.value(field->name);
                            described.sort();
                            for (const QString &error : std::as_const(expansionErrors))
                                errors << u"[%1] %2"_s.arg(described.join(u' '), error);
                        }
                        return;
                    }
                    for (const QString &choice : choices.at(index)->choices) {
                        values.insert(choices.at(index)->name, choice);
                        expandAll(index + 1, values);
                    }
                };
        expandAll(0, defaults);
    }

    errors.removeDuplicates();
    for (const QString &error : std::as_const(errors))
        err() << "FAIL: " << error << Qt::endl;
    if (!errors.isEmpty())
        return 1;
    out() << "wizard.json OK: " << wizard.fields.size() << " fields, " << wizard.options.size()
          << " options, " << wizard.files.size() << " files, " << combinations
          << " combinations expanded" << Qt::endl;
    return 0;
}

int expand(const QString &dir, const QString &parentDir, const QString &projectName,
           const QStringList &assignments)
{
    Wizard wizard;
    if (!wizard.load(dir)) {
        for (const QString &error : std::as_const(wizard.errors))
            err() << "FAIL: " << error << Qt::endl;
        return 1;
    }
    QHash<QString, QString> values;
    for (const Field &field : std::as_const(wizard.fields)) {
        if (field.type != u"Label" && field.type != u"Spacer")
            values.insert(field.name, field.defaultValue);
    }
    for (const QString &assignment : assignments) {
        const qsizetype equals = assignment.indexOf(u'=');
        const QString name = assignment.left(equals);
        const auto field = std::find_if(wizard.fields.cbegin(), wizard.fields.cend(),
                                        [&](const Field &f) { return f.name == name; });
        if (equals < 0 || field == wizard.fields.cend()) {
            err() << "FAIL: " << assignment << ": not Field=value for a field of the wizard"
                  << Qt::endl;
            return 1;
        }
        const QString value = assignment.mid(equals + 1);
        if (!field->choices.isEmpty() && !field->choices.contains(value)) {
            err() << "FAIL: " << name << " is one of " << field->choices.join(u", "_s) << Qt::endl;
            return 1;
        }
        values.insert(name, value);
    }
    QMap<QString, QByteArray> files;
    QStringList errors;
    if (!generate(wizard, projectName, parentDir, values, &files, &errors)) {
        for (const QString &error : std::as_const(errors))
            err() << "FAIL: " << error << Qt::endl;
        return 1;
    }
    for (auto it = files.cbegin(); it != files.cend(); ++it) {
        QDir().mkpath(QFileInfo(it.key()).path());
        QFile file(it.key());
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)
            || file.write(it.value()) != it.value().size()) {
            err() << "FAIL: cannot write " << it.key() << Qt::endl;
            return 1;
        }
        out() << "generated " << it.key() << Qt::endl;
    }
    return 0;
}

// Level 1: Qt Creator parses the wizard at start-up and says so with -customwizard-verbose.
int qtcreatorCheck(const QString &qtcreator, const QString &how, const QString &dir,
                   const QStringList &wizardDirs)
{
    QTemporaryDir temporary;
    QProcess process;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"QTCREATOR_TEMPLATES_PATH"_s);
    QString settings = temporary.path();
    if (how == u"--templates-path")
        environment.insert(u"QTCREATOR_TEMPLATES_PATH"_s, QDir(dir).absolutePath());
    else
        settings = QDir(dir).absolutePath();
    environment.insert(u"XDG_RUNTIME_DIR"_s, temporary.path());
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(qtcreator,
                  { u"-platform"_s, u"offscreen"_s, u"-settingspath"_s, settings,
                    u"-customwizard-verbose"_s, u"-notour"_s, u"-no-crashcheck"_s });
    if (!process.waitForStarted(30000)) {
        err() << "FAIL: cannot start " << qtcreator << ": " << process.errorString() << Qt::endl;
        return 1;
    }

    // Per wizard: the "* ..." lines after its "Checking" line, complete at the next other line.
    QHash<QString, QStringList> results;
    QSet<QString> complete;
    QString log;
    QString current;
    qsizetype parsed = 0;
    const QDeadlineTimer deadline(60000);
    while (complete.size() < wizardDirs.size() && !deadline.hasExpired()) {
        if (process.state() == QProcess::NotRunning)
            break;
        process.waitForReadyRead(int(std::clamp<qint64>(deadline.remainingTime(), 1, 1000)));
        log += QString::fromLocal8Bit(process.readAll());
        qsizetype newline;
        while ((newline = log.indexOf(u'\n', parsed)) >= 0) {
            const QString line = log.mid(parsed, newline - parsed);
            parsed = newline + 1;
            if (!current.isEmpty()) {
                if (line.startsWith(u"* ")) {
                    results[current] << line.mid(2);
                    continue;
                }
                complete.insert(current);
                current.clear();
            }
            for (const QString &dir : wizardDirs) {
                if (line == u"Checking \"%1\" for wizard.json."_s.arg(QDir(dir).absolutePath()))
                    current = dir;
            }
        }
    }
    if (process.state() != QProcess::NotRunning) {
        process.kill();
        process.waitForFinished(10000);
    }
    int status = 0;
    for (const QString &dir : wizardDirs) {
        const QStringList lines = results.value(dir);
        if (!complete.contains(dir)) {
            err() << "FAIL: Qt Creator did not report on " << dir
                  << (deadline.hasExpired() ? " within 60 s" : "") << Qt::endl;
            status = 1;
        } else if (lines != QStringList{ u"Configuration found and parsed."_s }) {
            err() << "FAIL: " << dir << ": " << lines.join(u" / "_s) << Qt::endl;
            status = 1;
        } else {
            out() << "Qt Creator: " << dir << ": Configuration found and parsed." << Qt::endl;
        }
    }
    if (status != 0)
        err() << "Qt Creator's output:" << Qt::endl << log << Qt::endl;
    return status;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    const QString command = args.value(0);
    if (command == u"validate" && args.size() == 2)
        return validate(args.at(1));
    if (command == u"expand" && args.size() >= 4)
        return expand(args.at(1), args.at(2), args.at(3), args.mid(4));
    if (command == u"qtcreator" && args.size() >= 5
        && (args.at(2) == u"--templates-path" || args.at(2) == u"--settings-path"))
        return qtcreatorCheck(args.at(1), args.at(2), args.at(3), args.mid(4));
    err() << "usage: wizardtool validate WIZARD_DIR\n"
             "       wizardtool expand WIZARD_DIR PARENT_DIR PROJECT_NAME [Field=value...]\n"
             "       wizardtool qtcreator QTCREATOR (--templates-path DIR | --settings-path DIR)"
             " WIZARD_DIR...\n";
    return 2;
}

#include "wizardtool.moc"
