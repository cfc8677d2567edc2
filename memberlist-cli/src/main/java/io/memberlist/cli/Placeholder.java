package io.memberlist.cli; final class Placeholder {}
