// Placeholder: replaced by the method and its contract.
