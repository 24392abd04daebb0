// The URL rule of the network layer, which lives in util/ so that config/ can check URLs with it too.
#pragma once

#include "util/url.h"
