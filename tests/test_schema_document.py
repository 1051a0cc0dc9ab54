"""The committed `schema.graphql` matches the code, and everything is described."""

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
)

from schema import build_schema
from schema.sdl import REGENERATE_COMMAND, SDL_FILE, schema_sdl


def undescribed_parts(named: GraphQLNamedType) -> list[str]:
    """The type itself, its fields, their arguments and its values lacking text."""
    missing = [] if named.description else [named.name]
    if isinstance(named, GraphQLObjectType | GraphQLInterfaceType):
        for field_name, field in named.fields.items():
            path = f"{named.name}.{field_name}"
            missing += [] if field.description else [path]
            missing += [
                f"{path}({arg})" for arg, a in field.args.items() if not a.description
            ]
    if isinstance(named, GraphQLInputObjectType):
        missing += [
            f"{named.name}.{name}"
            for name, field in named.fields.items()
            if not field.description
        ]
    if isinstance(named, GraphQLEnumType):
        missing += [
            f"{named.name}.{name}"
            for name, value in named.values.items()
            if not value.description
        ]
    return missing


def test_committed_schema_matches_the_code() -> None:
    committed = SDL_FILE.read_text(encoding="utf-8") if SDL_FILE.exists() else ""

    printed = schema_sdl()

    assert committed == printed, (
        f"{SDL_FILE.name} is out of date with the code; regenerate it with "
        f"`{REGENERATE_COMMAND}` and commit it."
    )


def test_every_type_field_and_argument_has_a_description() -> None:
    types = build_schema()._schema.type_map.values()

    missing = [
        part
        for named in types
        if not named.name.startswith("__")
        for part in undescribed_parts(named)
    ]

    assert missing == [], "Add a description= to: " + ", ".join(missing)
