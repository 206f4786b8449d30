// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT

// Checks an example app's screenshot against the report the app wrote beside it:
//
//     shotcheck PNG REPORT [--rows VIEW=TEXT|TEXT|...]... [--contains VIEW=TEXT]...
//
// - the PNG loads, at the window size the report gives;
// - at least 3 % of its pixels differ from its commonest colour (not blank);
// - --rows: the view's first rows have these texts, in this order;
// - --contains: some row of the view has this text;
// - every reported row's rectangle lies in the image and holds ink: pixels unlike the
//   rectangle's own background (its commonest colour).
//
// Exit code 0 when everything holds; otherwise each failure is printed and the code is 1.

#include <QtCore/QCoreApplication>
#include <QtCore/QFile>
#include <QtCore/QHash>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QTextStream>
#include <QtGui/QImage>

#include <cstdlib>

using namespace Qt::StringLiterals;

namespace {

QTextStream &out()
{
    static QTextStream stream(stdout);
    return stream;
}

int failures = 0;

void fail(const QString &message)
{
    out() << "FAIL: " << message << Qt::endl;
    ++failures;
}

// The commonest colour of a rectangle, and how many of its pixels differ from it.
struct Colours
{
    QRgb commonest = 0;
    qint64 pixels = 0;
    qint64 different = 0;
};

bool unlike(QRgb a, QRgb b)
{
    // Far enough apart to be drawn, not anti-aliasing noise of a flat fill.
    return std::abs(qRed(a) - qRed(b)) + std::abs(qGreen(a) - qGreen(b))
            + std::abs(qBlue(a) - qBlue(b))
            > 48;
}

Colours coloursOf(const QImage &image, const QRect &rectangle)
{
    QHash<QRgb, qint64> counts;
    for (int y = rectangle.top(); y <= rectangle.bottom(); ++y) {
        const auto *line = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        for (int x = rectangle.left(); x <= rectangle.right(); ++x)
            ++counts[line[x] | 0xff000000];
    }
    Colours colours;
    qint64 most = -1;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        colours.pixels += it.value();
        if (it.value() > most) {
            most = it.value();
            colours.commonest = it.key();
        }
    }
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (unlike(it.key(), colours.commonest))
            colours.different += it.value();
    }
    return colours;
}

QStringList textsOf(const QJsonArray &rows)
{
    QStringList texts;
    for (const QJsonValue &row : rows)
        texts.append(row.toObject().value(u"text"_s).toString());
    return texts;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList arguments = app.arguments().mid(1);
    if (arguments.size() < 2) {
        out() << "usage: shotcheck PNG REPORT [--rows VIEW=TEXT|TEXT...]... "
                 "[--contains VIEW=TEXT]..."
              << Qt::endl;
        return 2;
    }
    const QString pngPath = arguments.takeFirst();
    const QString reportPath = arguments.takeFirst();

    QImage image(pngPath);
    if (image.isNull()) {
        fail(u"%1 does not load as an image"_s.arg(pngPath));
        return 1;
    }
    image = image.convertToFormat(QImage::Format_RGB32);
    QFile reportFile(reportPath);
    if (!reportFile.open(QIODevice::ReadOnly)) {
        fail(u"%1: %2"_s.arg(reportPath, reportFile.errorString()));
        return 1;
    }
    QJsonParseError parseError;
    const QJsonObject report = QJsonDocument::fromJson(reportFile.readAll(), &parseError).object();
    if (parseError.error != QJsonParseError::NoError) {
        fail(u"%1: %2"_s.arg(reportPath, parseError.errorString()));
        return 1;
    }

    const QJsonObject window = report.value(u"window"_s).toObject();
    const QSize windowSize(window.value(u"width"_s).toInt(), window.value(u"height"_s).toInt());
    if (image.size() != windowSize) {
        fail(u"the image is %1x%2, the window %3x%4"_s.arg(image.width())
                     .arg(image.height())
                     .arg(windowSize.width())
                     .arg(windowSize.height()));
    }

    const Colours whole = coloursOf(image, image.rect());
    const double share = 100.0 * double(whole.different) / double(whole.pixels);
    out() << "image " << image.width() << 'x' << image.height() << ", "
          << QString::number(share, 'f', 1) << " % unlike the commonest colour" << Qt::endl;
    if (share < 3.0)
        fail(u"only %1 % of the pixels differ from the commonest colour"_s.arg(share));

    const QJsonObject views = report.value(u"views"_s).toObject();
    for (qsizetype i = 0; i + 1 < arguments.size(); i += 2) {
        const QString option = arguments.at(i);
        const QString expectation = arguments.at(i + 1);
        const qsizetype equals = expectation.indexOf(u'=');
        const QString view = expectation.left(equals);
        const QString value = expectation.mid(equals + 1);
        const QStringList texts = textsOf(views.value(view).toArray());
        if (equals <= 0) {
            fail(u"%1 %2: not VIEW=TEXT"_s.arg(option, expectation));
        } else if (option == u"--rows") {
            const QStringList expected = value.split(u'|');
            if (texts.mid(0, expected.size()) != expected) {
                fail(u"view %1 starts with [%2], expected [%3]"_s.arg(
                        view, texts.mid(0, expected.size()).join(u", "_s), expected.join(u", "_s)));
            }
        } else if (option == u"--contains") {
            if (!texts.contains(value))
                fail(u"view %1 has no row \"%2\": [%3]"_s.arg(view, value, texts.join(u", "_s)));
        } else {
            fail(u"unknown option %1"_s.arg(option));
        }
    }
    if (arguments.size() % 2)
        fail(u"option %1 without a value"_s.arg(arguments.constLast()));

    int rows = 0;
    for (auto it = views.constBegin(); it != views.constEnd(); ++it) {
        const QJsonArray viewRows = it.value().toArray();
        if (viewRows.isEmpty())
            fail(u"view %1 shows no row"_s.arg(it.key()));
        for (const QJsonValue &value : viewRows) {
            const QJsonObject row = value.toObject();
            const QJsonArray r = row.value(u"rect"_s).toArray();
            const QRect rectangle(r.at(0).toInt(), r.at(1).toInt(), r.at(2).toInt(),
                                  r.at(3).toInt());
            const QString where = u"view %1, row \"%2\" at %3,%4 %5x%6"_s
                                          .arg(it.key(), row.value(u"text"_s).toString())
                                          .arg(rectangle.x())
                                          .arg(rectangle.y())
                                          .arg(rectangle.width())
                                          .arg(rectangle.height());
            if (rectangle.isEmpty() || !image.rect().contains(rectangle)) {
                fail(where + u": not inside the image"_s);
                continue;
            }
            ++rows;
            // Text of a few characters draws dozens of pixels.
            if (coloursOf(image, rectangle).different < 8)
                fail(where + u": no ink"_s);
        }
    }
    out() << rows << " rows checked in " << views.size() << " views" << Qt::endl;
    out() << (failures ? "FAILED" : "PASSED") << Qt::endl;
    return failures ? 1 : 0;
}
