-- Handelsregister risk indicators per current gemeente of the region and year: churn (in- and
-- uitschrijvingen), vestigingen in a risicobranche (SBI) and addresses where many vestigingen were
-- registered in the year. Counts only: no KvK numbers, vestigingen or addresses leave this model.

with

gemeenten as (

    select * from {{ ref('int_gemeenten_regio') }}

),

jaren as (

    select * from {{ ref('int_rapportage_jaren') }}

),

mutaties as (

    select * from {{ ref('int_handelsregister_mutaties') }}

),

risicobranche as (

    select * from {{ ref('int_handelsregister_risicobranche') }}

),

mutaties_tot_peildatum as (

    select
        mutaties.mutatie_nummer,
        mutaties.vestigingsnummer_pseudoniem,
        mutaties.adres_pseudoniem,
        mutaties.mutatie_soort,
        mutaties.mutatie_datum,
        mutaties.gemeente_code,
        cast(extract(year from mutaties.mutatie_datum) as integer) as jaar,
        risicobranche.mutatie_nummer is not null as is_risicobranche
    from mutaties
    left join risicobranche
        on mutaties.mutatie_nummer = risicobranche.mutatie_nummer
    where mutaties.mutatie_datum <= {{ peildatum() }}

),

mutaties_per_jaar as (

    select
        gemeente_code,
        jaar,
        cast(count(*) filter (where mutatie_soort = 'inschrijving') as integer) as kvk_inschrijvingen,
        cast(count(*) filter (where mutatie_soort = 'uitschrijving') as integer) as kvk_uitschrijvingen,
        cast(
            count(*) filter (where mutatie_soort = 'inschrijving' and is_risicobranche) as integer
        ) as inschrijvingen_risicobranche,
        cast(
            count(*) filter (where mutatie_soort = 'uitschrijving' and is_risicobranche) as integer
        ) as uitschrijvingen_risicobranche
    from mutaties_tot_peildatum
    group by
        gemeente_code,
        jaar

),

inschrijvingen_per_adres as (

    select
        gemeente_code,
        jaar,
        adres_pseudoniem,
        count(*) as inschrijvingen
    from mutaties_tot_peildatum
    where
        mutatie_soort = 'inschrijving'
        and adres_pseudoniem is not null
    group by
        gemeente_code,
        jaar,
        adres_pseudoniem

),

drukke_adressen as (

    select
        gemeente_code,
        jaar,
        cast(count(*) as integer) as adressen_met_veel_inschrijvingen,
        cast(sum(inschrijvingen) as integer) as inschrijvingen_op_drukke_adressen
    from inschrijvingen_per_adres
    where inschrijvingen >= {{ var('veel_inschrijvingen_per_adres', 3) }}
    group by
        gemeente_code,
        jaar

),

laatste_mutatie_per_jaar as (

    select
        jaren.jaar,
        mutaties_tot_peildatum.gemeente_code,
        mutaties_tot_peildatum.mutatie_soort,
        mutaties_tot_peildatum.is_risicobranche,
        row_number() over (
            partition by jaren.jaar, mutaties_tot_peildatum.vestigingsnummer_pseudoniem
            order by mutaties_tot_peildatum.mutatie_datum desc, mutaties_tot_peildatum.mutatie_nummer desc
        ) as mutatie_rang
    from jaren
    inner join mutaties_tot_peildatum
        on jaren.jaar >= mutaties_tot_peildatum.jaar

),

vestigingen_risicobranche as (

    select
        gemeente_code,
        jaar,
        cast(count(*) as integer) as vestigingen_risicobranche
    from laatste_mutatie_per_jaar
    where
        mutatie_rang = 1
        and mutatie_soort <> 'uitschrijving'
        and is_risicobranche
    group by
        gemeente_code,
        jaar

),

final as (

    select
        gemeenten.riec_regio_code,
        gemeenten.gemeente_code,
        gemeenten.gemeente_naam,
        jaren.jaar,
        coalesce(mutaties_per_jaar.kvk_inschrijvingen, 0) as kvk_inschrijvingen,
        coalesce(mutaties_per_jaar.kvk_uitschrijvingen, 0) as kvk_uitschrijvingen,
        coalesce(mutaties_per_jaar.kvk_inschrijvingen + mutaties_per_jaar.kvk_uitschrijvingen, 0) as kvk_verloop,
        coalesce(mutaties_per_jaar.inschrijvingen_risicobranche, 0) as inschrijvingen_risicobranche,
        coalesce(mutaties_per_jaar.uitschrijvingen_risicobranche, 0) as uitschrijvingen_risicobranche,
        coalesce(vestigingen_risicobranche.vestigingen_risicobranche, 0) as vestigingen_risicobranche,
        coalesce(drukke_adressen.adressen_met_veel_inschrijvingen, 0) as adressen_met_veel_inschrijvingen,
        coalesce(drukke_adressen.inschrijvingen_op_drukke_adressen, 0) as inschrijvingen_op_drukke_adressen
    from gemeenten
    cross join jaren
    left join mutaties_per_jaar
        on
            gemeenten.gemeente_code = mutaties_per_jaar.gemeente_code
            and jaren.jaar = mutaties_per_jaar.jaar
    left join vestigingen_risicobranche
        on
            gemeenten.gemeente_code = vestigingen_risicobranche.gemeente_code
            and jaren.jaar = vestigingen_risicobranche.jaar
    left join drukke_adressen
        on
            gemeenten.gemeente_code = drukke_adressen.gemeente_code
            and jaren.jaar = drukke_adressen.jaar

)

select * from final
