-- Subjects (persons by bsn_pseudoniem, companies by kvk_nummer_pseudoniem) per partner, gemeente,
-- thema and year, as far as the partners' records name them. Pseudonyms are keyed per region, so the
-- same subject has the same pseudonym at every partner of the region. Not exposed: the marts count.
-- Linking these records across partners is lawful only for subjects in int_subjecten_in_scope.

with

incidenten as (

    select * from {{ ref('int_politie_incidenten') }}

),

betrokkenen as (

    select * from {{ ref('stg_politie__betrokkenen') }}

),

fiscale_signalen as (

    select * from {{ ref('stg_belastingdienst__fiscale_signalen') }}

),

bibob_dossiers as (

    select * from {{ ref('stg_gemeente__bibob_dossiers') }}

),

mutaties as (

    select * from {{ ref('int_handelsregister_mutaties') }}

),

risicobranche as (

    select * from {{ ref('int_handelsregister_risicobranche') }}

),

subjecten as (

    select
        'politie' as partner_code,
        'persoon' as subject_soort,
        betrokkenen.bsn_pseudoniem as subject_pseudoniem,
        incidenten.gemeente_code,
        incidenten.pleegplaats_postcode_pc4 as pc4,
        incidenten.thema_code,
        incidenten.registratie_datum as event_date
    from betrokkenen
    inner join incidenten
        on betrokkenen.incident_nummer = incidenten.incident_nummer
    where betrokkenen.bsn_pseudoniem is not null

    union all

    select
        'belastingdienst' as partner_code,
        'persoon' as subject_soort,
        bsn_pseudoniem as subject_pseudoniem,
        gemeente_code,
        cast(null as text) as pc4,
        thema_code,
        signaal_datum as event_date
    from fiscale_signalen
    where bsn_pseudoniem is not null

    union all

    select
        'belastingdienst' as partner_code,
        'bedrijf' as subject_soort,
        kvk_nummer_pseudoniem as subject_pseudoniem,
        gemeente_code,
        cast(null as text) as pc4,
        thema_code,
        signaal_datum as event_date
    from fiscale_signalen
    where kvk_nummer_pseudoniem is not null

    union all

    select
        'gemeente' as partner_code,
        'bedrijf' as subject_soort,
        kvk_nummer_pseudoniem as subject_pseudoniem,
        gemeente_code,
        cast(null as text) as pc4,
        thema_code,
        aanvraag_datum as event_date
    from bibob_dossiers
    where kvk_nummer_pseudoniem is not null

    union all

    select
        'kvk' as partner_code,
        'bedrijf' as subject_soort,
        mutaties.kvk_nummer_pseudoniem as subject_pseudoniem,
        mutaties.gemeente_code,
        mutaties.postcode_pc4 as pc4,
        risicobranche.thema_code,
        mutaties.mutatie_datum as event_date
    from mutaties
    inner join risicobranche
        on mutaties.mutatie_nummer = risicobranche.mutatie_nummer

),

final as (

    select distinct
        partner_code,
        subject_soort,
        subject_pseudoniem,
        gemeente_code,
        pc4,
        thema_code,
        event_date,
        cast(extract(year from event_date) as integer) as jaar
    from subjecten
    where event_date <= {{ peildatum() }}

)

select * from final
