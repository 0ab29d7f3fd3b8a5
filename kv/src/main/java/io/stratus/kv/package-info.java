package io.stratus.kv;
