-- The thematic picture is the sum of the gemeentelijke pictures: per thema and year the counts of
-- thema_informatiebeeld equal the totals of gemeente_informatiebeeld, and gemeenten_met_informatie
-- equals the number of gemeenten that are not a witte vlek.

with

gemeente_informatiebeeld as (

    select * from {{ ref('gemeente_informatiebeeld') }}

),

thema_informatiebeeld as (

    select * from {{ ref('thema_informatiebeeld') }}

),

gemeente_totalen as (

    select
        thema_code,
        jaar,
        sum(politie_incidenten) as politie_incidenten,
        sum(gemeente_signalen) as gemeente_signalen,
        sum(bibob_dossiers) as bibob_dossiers,
        sum(bestuurlijke_maatregelen) as bestuurlijke_maatregelen,
        sum(fiscale_signalen) as fiscale_signalen,
        sum(kvk_inschrijvingen_risicobranche) as kvk_inschrijvingen_risicobranche,
        sum(riec_casussen) as riec_casussen,
        count(*) filter (where not is_witte_vlek) as gemeenten_met_informatie,
        count(*) as gemeenten_in_regio
    from gemeente_informatiebeeld
    group by
        thema_code,
        jaar

),

final as (

    select
        thema_informatiebeeld.thema_code,
        thema_informatiebeeld.jaar
    from thema_informatiebeeld
    left join gemeente_totalen
        on
            thema_informatiebeeld.thema_code = gemeente_totalen.thema_code
            and thema_informatiebeeld.jaar = gemeente_totalen.jaar
    where
        gemeente_totalen.thema_code is null
        or thema_informatiebeeld.politie_incidenten <> gemeente_totalen.politie_incidenten
        or thema_informatiebeeld.gemeente_signalen <> gemeente_totalen.gemeente_signalen
        or thema_informatiebeeld.bibob_dossiers <> gemeente_totalen.bibob_dossiers
        or thema_informatiebeeld.bestuurlijke_maatregelen <> gemeente_totalen.bestuurlijke_maatregelen
        or thema_informatiebeeld.fiscale_signalen <> gemeente_totalen.fiscale_signalen
        or thema_informatiebeeld.kvk_inschrijvingen_risicobranche <> gemeente_totalen.kvk_inschrijvingen_risicobranche
        or thema_informatiebeeld.riec_casussen <> gemeente_totalen.riec_casussen
        or thema_informatiebeeld.gemeenten_met_informatie <> gemeente_totalen.gemeenten_met_informatie
        or thema_informatiebeeld.gemeenten_in_regio <> gemeente_totalen.gemeenten_in_regio

)

select * from final
