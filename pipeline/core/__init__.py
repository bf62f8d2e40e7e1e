"""Leaves every stage shares: the notice model, errors, flags, fonts, text
normalisation, the GB/T 2260 gazetteer, rules-file loading, stage timers and
the notice JSON. They import nothing else of the house."""
