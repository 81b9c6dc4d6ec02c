"""What documents must contain: the appendices' requirements and a current legal basis."""
