// Placeholder: replaced by the event extract reader (ingest/event_extract.h).
