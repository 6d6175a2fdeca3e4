-- KvK mutations of vestigingen in a risicobranche, with the thema the branche signals. A vestiging
-- matches a risicobranche when its SBI code starts with the branche's code (56101 is in class 5610);
-- when several codes match, the most specific one wins.

with

mutaties as (

    select * from {{ ref('int_handelsregister_mutaties') }}

),

risicobranches as (

    select * from {{ ref('ref_sbi_risicobranches') }}

),

matched as (

    select
        mutaties.mutatie_nummer,
        mutaties.mutatie_soort,
        mutaties.mutatie_datum,
        mutaties.rechtsvorm,
        mutaties.gemeente_code,
        mutaties.sbi_code,
        risicobranches.sbi_code as risicobranche_sbi_code,
        risicobranches.thema_code,
        row_number() over (
            partition by mutaties.mutatie_nummer
            order by length(risicobranches.sbi_code) desc, risicobranches.sbi_code asc
        ) as match_rang
    from mutaties
    inner join risicobranches
        on mutaties.sbi_code like risicobranches.sbi_code || '%'

),

final as (

    select
        mutatie_nummer,
        mutatie_soort,
        mutatie_datum,
        rechtsvorm,
        gemeente_code,
        sbi_code,
        risicobranche_sbi_code,
        thema_code
    from matched
    where match_rang = 1

)

select * from final
