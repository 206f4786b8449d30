// Copyright (C) 2026 The Qorm authors. SPDX-License-Identifier: MIT
#pragma once

// A column property of a test model in one line: MEMBER storage and a NOTIFY signal. moc
// expands it (it reads this header through the include path).
#define FIELD(Type, name) \
  Q_PROPERTY(Type name MEMBER m_##name NOTIFY name##Changed) \
  public: \
  Type m_##name{}; \
  Q_SIGNALS: \
  void name##Changed(); \
\
  public:
