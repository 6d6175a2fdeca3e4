"""Publication: the Great Expectations gate, disclosure control, partner freshness, the
write-audit-publish swap and the jaarverslag export. GX is imported only inside the gate's functions.
"""
