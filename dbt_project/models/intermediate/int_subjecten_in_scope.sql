-- Doelbinding (RIEC-convenant art. 1.7): the subjects that may be linked across partners, per year and
-- ground. Only these subjects are matched on their pseudonym between partners; everyone else is counted
-- per partner only (aggregates). The grounds:
--   casus        a subject registered on a RIEC-casus, in every year the casus was handled, from the
--                year the subject was added;
--   hhk_persoon  a person (hhk_bedrijf: a company) designated in a handhavingsknelpunt, in every year of
--                its validity period;
--   hhk_gebied   a subject named in a partner record whose gemeente (and PC4, when the scope names one)
--                lies in a knelpunt's area, dated within the validity period; in scope that year;
--   hhk_branche  a company the Handelsregister registers with an SBI code in a knelpunt's branche (the
--                code or a more detailed one) on a date within the validity period; in scope that year.
-- Nothing after the peildatum counts.

with

casus_subjecten as (

    select * from {{ ref('stg_riec__casus_subjecten') }}

),

casussen_per_jaar as (

    select * from {{ ref('int_casussen_per_jaar') }}

),

knelpunten as (

    select * from {{ ref('stg_riec__handhavingsknelpunten') }}

),

subjecten as (

    select * from {{ ref('int_subjecten_per_partner') }}

),

mutaties as (

    select * from {{ ref('int_handelsregister_mutaties') }}

),

geldige_knelpunten as (

    select
        hhk_code,
        scope_soort,
        subject_pseudoniem,
        gemeente_code,
        pc4,
        sbi_code,
        geldig_vanaf_date,
        least(coalesce(geldig_tot_date, {{ peildatum() }}), {{ peildatum() }}) as geldig_tot_date
    from knelpunten
    where geldig_vanaf_date <= {{ peildatum() }}

),

binnen_casus as (

    select
        casus_subjecten.subject_soort,
        casus_subjecten.subject_pseudoniem,
        casussen_per_jaar.jaar,
        'casus' as grond,
        casus_subjecten.casus_nummer as grond_code
    from casus_subjecten
    inner join casussen_per_jaar
        on
            casus_subjecten.casus_nummer = casussen_per_jaar.casus_nummer
            and casussen_per_jaar.jaar >= extract(year from casus_subjecten.toegevoegd_op_date)
    where
        casus_subjecten.subject_pseudoniem is not null
        and casus_subjecten.toegevoegd_op_date <= {{ peildatum() }}

),

binnen_hhk_subject as (

    select
        geldige_knelpunten.scope_soort as subject_soort,
        geldige_knelpunten.subject_pseudoniem,
        cast(geldigheidsjaren.jaar as integer) as jaar,
        'hhk_' || geldige_knelpunten.scope_soort as grond,
        geldige_knelpunten.hhk_code as grond_code
    from geldige_knelpunten
    cross join
        lateral generate_series(
            cast(extract(year from geldige_knelpunten.geldig_vanaf_date) as integer),
            cast(extract(year from geldige_knelpunten.geldig_tot_date) as integer)
        ) as geldigheidsjaren (jaar)
    where
        geldige_knelpunten.scope_soort in ('persoon', 'bedrijf')
        and geldige_knelpunten.subject_pseudoniem is not null
        and geldige_knelpunten.geldig_tot_date >= geldige_knelpunten.geldig_vanaf_date

),

binnen_hhk_gebied as (

    select
        subjecten.subject_soort,
        subjecten.subject_pseudoniem,
        subjecten.jaar,
        'hhk_gebied' as grond,
        geldige_knelpunten.hhk_code as grond_code
    from subjecten
    inner join geldige_knelpunten
        on
            geldige_knelpunten.scope_soort = 'gebied'
            and (geldige_knelpunten.gemeente_code is not null or geldige_knelpunten.pc4 is not null)
            and subjecten.gemeente_code = coalesce(geldige_knelpunten.gemeente_code, subjecten.gemeente_code)
            and (geldige_knelpunten.pc4 is null or subjecten.pc4 = geldige_knelpunten.pc4)
            and subjecten.event_date between geldige_knelpunten.geldig_vanaf_date
            and geldige_knelpunten.geldig_tot_date

),

binnen_hhk_branche as (

    select
        'bedrijf' as subject_soort,
        mutaties.kvk_nummer_pseudoniem as subject_pseudoniem,
        cast(extract(year from mutaties.mutatie_datum) as integer) as jaar,
        'hhk_branche' as grond,
        geldige_knelpunten.hhk_code as grond_code
    from mutaties
    inner join geldige_knelpunten
        on
            geldige_knelpunten.scope_soort = 'branche'
            and mutaties.sbi_code like geldige_knelpunten.sbi_code || '%'
            and mutaties.mutatie_datum between geldige_knelpunten.geldig_vanaf_date
            and geldige_knelpunten.geldig_tot_date
    where mutaties.kvk_nummer_pseudoniem is not null

),

unioned as (

    select * from binnen_casus
    union all
    select * from binnen_hhk_subject
    union all
    select * from binnen_hhk_gebied
    union all
    select * from binnen_hhk_branche

),

final as (

    select distinct
        subject_soort,
        subject_pseudoniem,
        jaar,
        grond,
        grond_code
    from unioned

)

select * from final
