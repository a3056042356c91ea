#pragma once
// The status page of the journey (GET/POST /status), see journey_status.cpp.

#include <memory>

#include "http/router.h"
#include "web/journey.h"

namespace amtsweg::web::journey {

void RegisterStatus(http::Router& router, const std::shared_ptr<Journey::State>& state);

}  // namespace amtsweg::web::journey
