package io.stratus.server;
