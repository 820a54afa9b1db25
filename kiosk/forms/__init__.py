"""Application forms (表单): forms as data, field checks, materials checklist, signature,
printed notices, and the pinyin input method of the on-screen keyboard."""
