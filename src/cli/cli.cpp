#include "cli/cli.h"

#include <iostream>

namespace amtsweg::cli {

int Main(int argc, char** argv) {
  std::cerr << "amtsweg: not yet wired\n";
  return 2;
}

}  // namespace amtsweg::cli
