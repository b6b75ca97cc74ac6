// Placeholder: replaced by the offender extract reader.
