#pragma once
// The `amtsweg` command line: serve, demo, check, logic eval, migrate, --version.

namespace amtsweg::cli {

int Main(int argc, char** argv);

}  // namespace amtsweg::cli
