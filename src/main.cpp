// amtsweg — the OZG online-services platform. All behaviour lives in the libraries under
// src/; this file only hands the command line to the CLI.
#include "cli/cli.h"

int main(int argc, char** argv) { return amtsweg::cli::Main(argc, argv); }
