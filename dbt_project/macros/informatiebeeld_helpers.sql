{#
    partners_met_informatie(relation_alias)
        Number of the five data-delivering partners (politie, gemeente, belastingdienst, kvk, riec)
        with at least one record, computed from the count columns of a cell. One definition for
        gemeente_informatiebeeld and thema_informatiebeeld, so a "witte vlek" means the same in both.
        The gemeente counts as one partner whether the record is a signaal, a Bibob-dossier or a
        bestuurlijke maatregel.
#}
{% macro partners_met_informatie(relation_alias) -%}
    {%- set prefix = relation_alias ~ '.' if relation_alias else '' -%}
    (
        cast({{ prefix }}politie_incidenten > 0 as integer)
        + cast(
            {{ prefix }}gemeente_signalen
            + {{ prefix }}bibob_dossiers
            + {{ prefix }}bestuurlijke_maatregelen > 0 as integer
        )
        + cast({{ prefix }}fiscale_signalen > 0 as integer)
        + cast({{ prefix }}kvk_inschrijvingen_risicobranche > 0 as integer)
        + cast({{ prefix }}riec_casussen > 0 as integer)
    )
{%- endmacro %}
