-- The yearly rows of gemeente_informatiebeeld_periode tell the same story as gemeente_informatiebeeld:
-- per gemeente, thema and jaar the partners' counts are equal (one counting rule for both, also for
-- casussen that span years).

with

gemeente_informatiebeeld as (

    select * from {{ ref('gemeente_informatiebeeld') }}

),

per_periode as (

    select * from {{ ref('gemeente_informatiebeeld_periode') }}
    where periode_soort = 'jaar'

),

final as (

    select
        gemeente_informatiebeeld.gemeente_code,
        gemeente_informatiebeeld.thema_code,
        gemeente_informatiebeeld.jaar
    from gemeente_informatiebeeld
    full outer join per_periode
        on
            gemeente_informatiebeeld.gemeente_code = per_periode.gemeente_code
            and gemeente_informatiebeeld.thema_code = per_periode.thema_code
            and gemeente_informatiebeeld.jaar = per_periode.jaar
    where
        gemeente_informatiebeeld.gemeente_code is null
        or per_periode.gemeente_code is null
        or gemeente_informatiebeeld.politie_incidenten <> per_periode.politie_incidenten
        or gemeente_informatiebeeld.gemeente_signalen <> per_periode.gemeente_signalen
        or gemeente_informatiebeeld.bibob_dossiers <> per_periode.bibob_dossiers
        or gemeente_informatiebeeld.bestuurlijke_maatregelen <> per_periode.bestuurlijke_maatregelen
        or gemeente_informatiebeeld.fiscale_signalen <> per_periode.fiscale_signalen
        or gemeente_informatiebeeld.kvk_inschrijvingen_risicobranche <> per_periode.kvk_inschrijvingen_risicobranche
        or gemeente_informatiebeeld.riec_casussen <> per_periode.riec_casussen
        or gemeente_informatiebeeld.is_witte_vlek <> per_periode.is_witte_vlek

)

select * from final
