"""PC/SC smart-card readers (pyscard through pcscd), e.g. the social-security card."""
