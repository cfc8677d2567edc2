package io.memberlist.micrometer; final class Placeholder {}
