"""The schema as SDL; `python -m schema.sdl` rewrites the committed `schema.graphql`."""

from pathlib import Path

from strawberry.printer import print_schema

from schema import build_schema

SDL_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"
REGENERATE_COMMAND = "python -m schema.sdl"


def schema_sdl() -> str:
    """The schema the code defines, printed as SDL with a final newline."""
    return print_schema(build_schema()) + "\n"


def main() -> None:
    """Write the schema the code defines to `schema.graphql`."""
    SDL_FILE.write_text(schema_sdl(), encoding="utf-8")
    print(f"Wrote {SDL_FILE.name}.")


if __name__ == "__main__":
    main()
