"""What words mean on Android screens, shared by grounding and planning.

A leaf package: it imports nothing of droidpilot but `aci`, and holds knowledge, not
decisions. Each module is one kind of knowledge; import the module you need (the
sentence encoder loads its model only when first asked):

    lexicon.text       normalisation and tokenisation (Latin and CJK), word forms
    lexicon.synonyms   synonyms, antonyms and negations
    lexicon.icons      icons: what people call them, how apps label them, what OCR reads
    lexicon.apps       well-known Android apps: their names and packages
    lexicon.values     values in text: phone numbers, times, dates, durations, amounts
    lexicon.encoder    the sentence encoder (all-MiniLM-L6-v2, int8 ONNX) for meaning
    lexicon.onnx       the one home of onnxruntime: telemetry off, CPU sessions
"""
