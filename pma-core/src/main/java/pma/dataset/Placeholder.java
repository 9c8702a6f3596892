package pma.dataset; final class Placeholder {}
