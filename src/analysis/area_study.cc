// Placeholder: replaced by the implementation of analysis/area_study.h.
